using System.Text.Json;
using Downhill.Functions;
using Downhill.IO;
using Downhill.Plotting;

namespace Downhill.Cli;

/// <summary>
/// <c>downhill plot --json</c>: the values a figure of the function would draw, for a page that draws them itself.
/// Two variables: <c>{"function","formula","variables","xs","ys","values":[[f(xs[i], ys[j]) for i] for j],"levels",
/// "logarithmic","bandColors","knownPoints"}</c> with the contour levels and band colours the figures use; one
/// variable: <c>{"function","formula","variables","xs","values","derivatives","knownPoints"}</c>. NaN where f is undefined.
/// </summary>
internal static class PlotJson
{
    /// <summary>Points per side when --resolution is not given: a contour map's, a surface's, a curve's.</summary>
    private static int DefaultResolution(FunctionFigureKind kind) => kind switch
    {
        FunctionFigureKind.Curve => 401,
        FunctionFigureKind.Surface => 41,
        _ => 121,
    };

    public static void Write(Io io, ResolvedFunction f, FunctionFigureKind kind, IReadOnlyList<Interval> ranges, int? resolution)
    {
        if (kind == FunctionFigureKind.Curve && f.Dimension != 1)
            throw new InputException($"a curve needs a function of 1 variable; {f.Name} has {f.Dimension} (use --kind contour or surface)");
        int points = resolution ?? DefaultResolution(kind);
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            w.WriteString("function", f.Name);
            w.WriteString("formula", f.Formula);
            w.WriteStartArray("variables");
            foreach (string v in f.Objective.Variables) w.WriteStringValue(v);
            w.WriteEndArray();
            if (kind == FunctionFigureKind.Curve) Curve(w, CurveSamples.Sample(f.Objective, (ranges[0].Low, ranges[0].High), points));
            else Grid(w, ScalarGrid.Sample(f.Objective, (ranges[0].Low, ranges[0].High), (ranges[1].Low, ranges[1].High), points, points));
            w.WriteStartArray("knownPoints");
            foreach (var p in f.KnownPoints.Where(p => p.X.Select((v, i) => ranges[i].Contains(v)).All(inside => inside)))
                JsonOutput.Point(w, p.X, p.F, more => more.WriteString("kind", FunctionsCommand.KindName(p.Kind)));
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void Curve(Utf8JsonWriter w, CurveSamples samples)
    {
        w.WriteReals("xs", samples.Xs);
        w.WriteReals("values", samples.Values);
        w.WriteReals("derivatives", samples.Derivatives);
    }

    private static void Grid(Utf8JsonWriter w, ScalarGrid grid)
    {
        w.WriteReals("xs", grid.Xs);
        w.WriteReals("ys", grid.Ys);
        w.WriteStartArray("values");
        for (int j = 0; j < grid.Ys.Length; j++)
        {
            w.WriteStartArray();
            for (int i = 0; i < grid.Xs.Length; i++) w.WriteReal(grid.Values[j, i]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        var levels = ContourLevels.Choose(grid);
        w.WriteReals("levels", levels.Values);
        w.WriteBoolean("logarithmic", levels.Logarithmic);
        w.WriteStartArray("bandColors");
        for (int band = 0; band < levels.BandCount; band++) w.WriteStringValue(levels.BandColor(band).Hex);
        w.WriteEndArray();
    }
}
