using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Downhill.Analysis;
using Downhill.Analysis.Sweeps;
using Downhill.Optimizers;
using Downhill.Running;
using Spectre.Console;
using Downhill.Stopping;

namespace Downhill.Cli;

/// <summary><c>downhill sweep</c>: one run per learning rate (or grid setting) from one start; the best marked, the largest stable lr named.</summary>
internal static class SweepCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("sweep", "Run a method over learning rates (powers of ten, or N log-spaced) or a grid of any keys, and compare.");
        var function = new FunctionOptions();
        function.AddTo(command);
        var optimizer = LandscapeOptions.Optimizer("sgd");
        var lr = new Option<string?>("--lr")
        {
            Description = "learning rates: lo..hi (each power of ten, e.g. 1e-6..10), lo..hi:N (N log-spaced) or a list",
        };
        var grid = new Option<string[]>("--grid")
        {
            Description = "key=values, repeatable: lo..hi:log:N, lo..hi:lin:N or a list (e.g. --grid momentum=0,0.5,0.9)",
            AllowMultipleArgumentsPerToken = false,
        };
        var threads = LandscapeOptions.Threads();
        foreach (var option in new Option[] { optimizer, lr, grid, threads }) command.Options.Add(option);
        var run = new RunOptionsBinder();
        run.AddTo(command);
        var plot = new PlotOption().AddTo(command);
        run.Json.Description = "print {[\"box\":{…},\"clipping\":{…},]\"runs\":[{\"hyperparameters\":{…},\"f\":…,\"iterations\":…,\"stop\":\"…\",\"seconds\":…}],\"best\":{…}}";
        command.SetAction(result =>
        {
            var figure = plot.Read(result);
            if (result.GetValue(run.Trace) is not null) throw new InputException("--trace does not apply to sweep: its runs keep only their end points");
            var f = function.Resolve(result);
            string spec = result.GetValue(optimizer)!;
            var axes = new List<SweepAxis>();
            if (result.GetValue(lr) is { } rates) axes.Add(SweepAxis.Parse("lr", rates));
            foreach (string text in result.GetValue(grid) ?? []) axes.Add(SweepAxis.ParseAssignment(text));
            using var cancellation = new RunOptionsCancellation(io);
            var setup = run.Bind(result, f, cancellation.Token);
            var method = setup.Prepare(SearchedMethod.Parse(spec, axes.Select(a => a.Key)));
            var report = Sweep.Run(f.Objective, setup.Start, axes, method, setup.OptionsFor(method), result.GetValue(threads));
            if (setup.Json) WriteJson(io, setup, report);
            else WriteTable(io, f.Name, spec, setup, report);
            figure?.Write(Plotting.SweepFigure.Build($"{f.Name}: final f after the sweep", report, spec), io, quiet: setup.Json);
            return Cli.Success;
        });
        return command;
    }

    private static void WriteJson(Io io, RunSetup setup, SweepReport report) =>
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            JsonOutput.BoxAndClipping(w, setup);
            w.WriteStartArray("runs");
            foreach (var r in report.Runs) Row(w, r);
            w.WriteEndArray();
            if (report.Best is { } best)
            {
                w.WritePropertyName("best");
                Row(w, best);
            }
            else
            {
                w.WriteNull("best");
            }
            if (report.LargestStableLearningRate is { } stable) JsonOutput.Number(w, "largestStableLr", stable);
            else w.WriteNull("largestStableLr");
            w.WriteEndObject();
        });

    private static void Row(Utf8JsonWriter w, SweepRun r)
    {
        w.WriteStartObject();
        JsonOutput.Settings(w, "hyperparameters", r.Settings);
        JsonOutput.Number(w, "f", r.Run.F);
        w.WriteNumber("iterations", r.Run.Iterations);
        w.WriteString("stop", r.Run.Stop.ToName());
        JsonOutput.Number(w, "seconds", r.Run.Elapsed.TotalSeconds);
        if (r.Run.ClippedSteps is { } clipped) w.WriteNumber("clippedSteps", clipped);
        w.WriteEndObject();
    }

    private static void WriteTable(Io io, string name, string spec, RunSetup setup, SweepReport report)
    {
        io.Out.WriteLine($"{name}, {spec}, from {RunReport.Point(setup.Start)} ({setup.StartSource}): {report.Runs.Count} settings");
        RunReport.BoxAndClipping(io.Console, setup);
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var axis in report.Axes) table.AddColumn(new TableColumn(Markup.Escape(axis.Key)).RightAligned());
        table.AddColumn(new TableColumn("final f").RightAligned());
        table.AddColumn(new TableColumn("iterations").RightAligned());
        table.AddColumn("stop");
        table.AddColumn(new TableColumn("time (s)").RightAligned());
        bool clipping = setup.Clipping is not null;
        if (clipping) table.AddColumn(new TableColumn("clipped").RightAligned());
        table.AddColumn("");
        var best = report.Best;
        foreach (var r in report.Runs)
        {
            var cells = r.Settings.Select(s => RunReport.Number(s.Value))
                .Append(RunReport.Number(r.Run.F))
                .Append(r.Run.Iterations.ToString(CultureInfo.InvariantCulture))
                .Append(r.Run.Stop.ToName())
                .Append(r.Run.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture))
                .Concat(clipping ? [RunReport.ClippedSteps(r.Run)] : [])
                .Append(ReferenceEquals(r, best) ? "← best" : "");
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        io.Console.Write(table);
        if (best is not null)
            io.Out.WriteLine($"best: {string.Join(", ", best.Settings.Select(s => $"{s.Key}={RunReport.Number(s.Value)}"))} (f = {RunReport.Number(best.Run.F)})");
        else
            io.Out.WriteLine("best: none — every setting diverged or ended above its start");
        if (report.Axes.Any(a => a.Key == "lr"))
            io.Out.WriteLine(report.LargestStableLearningRate is { } stable
                ? $"largest stable lr: {RunReport.Number(stable)} (every run with it ended finite and below its start)"
                : "largest stable lr: none of those tried");
    }
}
