using System.CommandLine;
using Downhill.Functions;
using Downhill.Plotting;

namespace Downhill.Cli;

/// <summary><c>downhill plot</c>: draws a function alone — a curve with its derivative, a contour map or a 3-D surface.</summary>
internal static class PlotCommand
{
    public static Command Create(Io io)
    {
        var function = new FunctionOptions();
        var plot = new PlotOption();
        var file = new Argument<string?>("FILE")
        {
            Description = "the figure file: .svg, .png, or .html (interactive); left out with --json",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json")
        {
            Description = "print the sampled values instead of drawing: {\"xs\",\"ys\",\"values\",\"levels\",…} for 2 variables, {\"xs\",\"values\",\"derivatives\"} for 1",
        };
        var bounds = new Option<string?>("--bounds")
        {
            Description = "the ranges drawn, low:high per variable or one for all, e.g. --bounds=-2:2,-1:3 (default: the function's own)",
        };
        var kind = new Option<string?>("--kind") { Description = "curve (1 variable), contour or surface (2 variables); default by dimension" };
        var style = new Option<string>("--style") { Description = "surface style: shaded or wireframe", DefaultValueFactory = _ => "shaded" };
        var view = new Option<string?>("--view") { Description = "surface viewpoint AZIMUTH,ELEVATION in degrees (default -55,30)" };
        var resolution = new Option<int?>("--resolution") { Description = "grid points per side (default 121 for contours, 41 for surfaces)" };
        var command = new Command("plot", "Draw a function: a curve and its derivative, a contour map, or a 3-D surface.");
        function.AddTo(command);
        command.Arguments.Add(file);
        command.Options.Add(bounds);
        command.Options.Add(kind);
        command.Options.Add(style);
        command.Options.Add(view);
        command.Options.Add(resolution);
        command.Options.Add(json);
        plot.AddTo(command, file: false);
        command.SetAction(result =>
        {
            string? path = result.GetValue(file);
            bool printJson = result.GetValue(json);
            if (printJson == (path is not null)) throw new InputException(printJson ? "give FILE or --json, not both" : "FILE: give the figure file (.svg, .png or .html), or --json");
            var request = path is null ? null : plot.ReadRequired(result, path, "FILE");
            var f = function.Resolve(result);
            var figureKind = ParseKind(result.GetValue(kind), f.Dimension);
            var ranges = result.GetValue(bounds) is { } text
                ? CliValues.ParseBounds(text, "--bounds", f.Dimension).Select(b => new Interval(b.Low, b.High)).ToList()
                : FunctionFigures.BoundsAround(f, []);
            int? points = result.GetValue(resolution);
            if (points is < 3 or > 801) throw new InputException($"--resolution: {points} is not between 3 and 801");
            if (request is null)
            {
                PlotJson.Write(io, f, figureKind, ranges, points);
                return Cli.Success;
            }
            var figure = FunctionFigures.Build(f, figureKind, ranges, [], ParseStyle(result.GetValue(style)!), ParseView(result.GetValue(view)), points);
            request.Write(figure, io);
            return Cli.Success;
        });
        return command;
    }

    private static FunctionFigureKind ParseKind(string? text, int dimension) => text?.ToLowerInvariant() switch
    {
        null => FunctionFigures.DefaultKind(dimension),
        "curve" => FunctionFigureKind.Curve,
        "contour" => FunctionFigureKind.Contour,
        "surface" => FunctionFigureKind.Surface,
        _ => throw new InputException($"--kind: '{text}' is not curve, contour or surface"),
    };

    private static SurfaceStyle ParseStyle(string text) => text.ToLowerInvariant() switch
    {
        "shaded" => SurfaceStyle.Shaded,
        "wireframe" => SurfaceStyle.Wireframe,
        _ => throw new InputException($"--style: '{text}' is not shaded or wireframe"),
    };

    private static Camera? ParseView(string? text)
    {
        if (text is null) return null;
        double[] angles = CliValues.ParseVector(text, "--view");
        if (angles.Length != 2 || angles[1] < -90 || angles[1] > 90)
            throw new InputException($"--view: '{text}' is not AZIMUTH,ELEVATION with an elevation in [-90, 90] degrees");
        return new Camera(angles[0], angles[1]);
    }
}
