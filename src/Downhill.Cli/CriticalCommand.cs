using System.CommandLine;
using System.Globalization;
using Downhill.Analysis;
using Downhill.IO;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary><c>downhill critical</c>: the critical points of a function in a box, each classified by its Hessian.</summary>
internal static class CriticalCommand
{
    public static Command Create(Io io)
    {
        var function = new FunctionOptions();
        var bounds = new Option<string?>("--bounds") { Description = "the box, low:high per variable or one pair for all (default: the function's suggested bounds)" };
        var starts = new Option<int?>("--starts") { Description = "root-finder starts drawn uniformly in the box (default 200·n, at least 1000)" };
        var seed = SeedOption.Create("seed of the starts");
        var tolerance = new Option<double>("--eig-tol")
        {
            Description = "an eigenvalue λ counts as zero (degenerate) when |λ| ≤ this · max(1, max|λ|)",
            DefaultValueFactory = _ => Analysis.Curvature.DefaultRelativeTolerance,
        };
        var threads = LandscapeOptions.Threads();
        var json = new Option<bool>("--json") { Description = "print {\"points\":[{\"x\":[…],\"f\":…,\"kind\":\"minimum|maximum|saddle|degenerate\",\"index\":…,\"eigenvalues\":[…]}],\"boxMinima\":[{\"x\":[…],\"f\":…,\"activeBounds\":[…],\"projectedGradientNorm\":…}]}" };
        var command = new Command("critical", "Find the critical points (∇f = 0) in a box and classify them by their Hessian's eigenvalues.");
        function.AddTo(command);
        foreach (var option in new Option[] { bounds, starts, seed, tolerance, threads, json }) command.Options.Add(option);
        var plot = new PlotOption().AddTo(command, kinds: "the figure: auto (a contour map with the points for 2 variables, else eigenvalues), contour, or eigenvalues (each point's Hessian eigenvalues)");
        command.SetAction(result =>
        {
            var figure = plot.Read(result);
            bool eigenvalues = result.GetValue(plot.Kind)!.ToLowerInvariant() switch
            {
                "auto" or "contour" => false,
                "eigenvalues" => true,
                var other => throw new InputException($"--plot-kind: '{other}' is not auto, contour or eigenvalues"),
            };
            var f = function.Resolve(result);
            if (figure is not null && result.GetValue(plot.Kind)!.Equals("contour", StringComparison.OrdinalIgnoreCase) && f.Dimension != 2)
                throw new InputException($"--plot-kind: a contour map needs a function of 2 variables; {f.Name} has {f.Dimension}");
            var box = LandscapeBox.From(result.GetValue(bounds), f, "--bounds");
            var report = CriticalPoints.Find(f.Objective, box, new CriticalPointOptions
            {
                Starts = result.GetValue(starts),
                Seed = result.GetValue(seed),
                EigenvalueTolerance = result.GetValue(tolerance),
                Threads = result.GetValue(threads),
                Cancellation = io.Cancellation,
                BoxMinima = true,
            });
            if (result.GetValue(json)) WriteJson(io, report);
            else WriteTable(io, f.Name, f.Objective.Variables, box, report, result.GetValue(tolerance));
            figure?.Write(Plotting.RunFigures.Build(f, box, report, eigenvalues), io, quiet: result.GetValue(json));
            return Cli.Success;
        });
        return command;
    }

    private static void WriteJson(Io io, CriticalPointReport report) =>
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("points");
            foreach (var p in report.Points)
                JsonOutput.Point(w, p.X, p.F, more =>
                {
                    more.WriteString("kind", Analysis.Curvature.Name(p.Kind));
                    more.WriteNumber("index", p.Curvature.Index);
                    more.WriteReals("eigenvalues", p.Curvature.Eigenvalues);
                    JsonOutput.Number(more, "conditionNumber", p.Curvature.ConditionNumber);
                    JsonOutput.Number(more, "gradientNorm", p.GradientNorm);
                });
            w.WriteEndArray();
            if (report.LowestMinimum is { } lowest)
            {
                w.WritePropertyName("lowestMinimum");
                JsonOutput.Point(w, lowest.X, lowest.F);
            }
            else
            {
                w.WriteNull("lowestMinimum");
            }
            w.WriteStartArray("boxMinima");
            foreach (var m in report.BoxMinima)
                JsonOutput.Point(w, m.X, m.F, more =>
                {
                    Running.RunResultJson.WriteActiveBounds(more, m.ActiveBounds);
                    JsonOutput.Number(more, "projectedGradientNorm", m.ProjectedGradientNorm);
                    JsonOutput.Number(more, "gradientNorm", m.GradientNorm);
                    more.WriteNumber("starts", m.Hits);
                });
            w.WriteEndArray();
            w.WriteNumber("starts", report.Starts);
            w.WriteEndObject();
        });

    private static void WriteTable(Io io, string name, IReadOnlyList<string> variables, Box box, CriticalPointReport report, double tolerance)
    {
        io.Console.WriteLine($"{name}: {report.Points.Count} critical point{(report.Points.Count == 1 ? "" : "s")} in " +
                         string.Join(" × ", Enumerable.Range(0, box.Dimension).Select(i => $"[{RoundTrip.Format(box.Low[i])}, {RoundTrip.Format(box.High[i])}]")) +
                         $" ({report.Starts} starts, {report.Converged} converged)");
        // Narrow terminals leave out ‖∇f‖, the condition number and the index, in that order.
        var table = new TerminalTable(
        [
            new($"({string.Join(", ", variables)})", Folds: true), new("f"), new("kind", Folds: true), new("index", DropRank: 3),
            new("eigenvalues", Folds: true), new("condition", DropRank: 2), new("‖∇f‖", DropRank: 1),
        ], TableBorder.Square);
        foreach (var p in report.Points)
            table.AddRow($"({string.Join(", ", p.X.Select(Short))})", Short(p.F), Analysis.Curvature.Name(p.Kind) + (p == report.LowestMinimum ? " (lowest)" : ""),
                p.Curvature.Index.ToString(CultureInfo.InvariantCulture), $"[{string.Join(", ", p.Curvature.Eigenvalues.Select(Short))}]",
                Short(p.Curvature.ConditionNumber), p.GradientNorm.ToString("0.0e+0", CultureInfo.InvariantCulture));
        table.Write(io.Console);
        io.Console.WriteLine($"minima {report.Count(CriticalPointKind.Minimum)}, maxima {report.Count(CriticalPointKind.Maximum)}, " +
                         $"saddles {report.Count(CriticalPointKind.Saddle)}, degenerate {report.Count(CriticalPointKind.Degenerate)}; " +
                         $"an eigenvalue counts as zero within ±{Short(tolerance)}·max(1, max|λ|).");
        if (report.BoxMinima.Count == 0) return;
        io.Out.WriteLine($"minima of f over the box on its boundary (KKT points: ‖proj ∇f‖∞ ≤ {Short(Analysis.BoxMinima.ProjectedGradientTolerance)}, " +
                         "not critical points of f; where lbfgsb and --constrain runs stop):");
        var boundary = new Table().AddColumns($"({string.Join(", ", variables)})", "f", "on the box", "‖∇f‖", "‖proj ∇f‖∞", "starts");
        foreach (var m in report.BoxMinima)
            boundary.AddRow(Markup.Escape($"({string.Join(", ", m.X.Select(Short))})"), Short(m.F), Markup.Escape(RunReport.ActiveBounds(m.ActiveBounds, variables)),
                Short(m.GradientNorm), m.ProjectedGradientNorm.ToString("0.0e+0", CultureInfo.InvariantCulture), m.Hits.ToString(CultureInfo.InvariantCulture));
        io.Console.Write(boundary);
        var lowestInside = report.LowestMinimum;
        var lowestOnBoundary = report.BoxMinima[0];
        io.Out.WriteLine(lowestInside is not null && lowestInside.F <= lowestOnBoundary.F
            ? $"lowest point of the box: the minimum f = {Short(lowestInside.F)} inside it"
            : $"lowest point of the box: f = {Short(lowestOnBoundary.F)} on its boundary at ({string.Join(", ", lowestOnBoundary.X.Select(Short))})");
    }

    internal static string Short(double v) => v.ToString("g6", CultureInfo.InvariantCulture);
}
