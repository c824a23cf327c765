using System.CommandLine;
using System.Globalization;
using Downhill.Analysis.Landscapes;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary><c>downhill restarts</c>: many random starts, one method, the distinct minima they reach and their basin shares.</summary>
internal static class RestartsCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("restarts", "Run a method from many random starts (in parallel) and group the end points into distinct minima.");
        var function = new FunctionOptions();
        function.AddTo(command);
        var optimizer = LandscapeOptions.Optimizer();
        var starts = new Option<int>("--starts") { Description = "how many starts (default 100)", DefaultValueFactory = _ => 100 };
        var tolerance = LandscapeOptions.DistanceTolerance();
        var threads = LandscapeOptions.Threads();
        command.Options.Add(optimizer);
        command.Options.Add(starts);
        command.Options.Add(tolerance);
        command.Options.Add(threads);
        var run = new RunOptionsBinder(keepToTheBox: true);
        run.AddTo(command);
        var plot = new PlotOption().AddTo(command);
        run.Json.Description = "print {\"starts\":N,\"constrained\":…,\"best\":{\"x\":[…],\"f\":…},\"minima\":[{\"x\":[…],\"f\":…,\"count\":…}],\"failed\":…,\"diverged\":…,\"unconverged\":…,\"leftBox\":…,\"unbounded\":…}";
        command.SetAction(result =>
        {
            var figure = plot.Read(result);
            LandscapeOptions.RejectStart(result, run, "restarts draws its starts with --init and --seed");
            var f = function.Resolve(result);
            using var cancellation = new RunOptionsCancellation(io);
            var setup = run.Bind(result, f, cancellation.Token);
            var method = setup.Prepare(Methods.Parse(result.GetValue(optimizer)!));
            var init = StartingPoint.Parse(result.GetValue(run.Init)!);
            var report = RandomRestarts.Run(f.Objective, method, new RestartOptions
            {
                Starts = result.GetValue(starts),
                Seed = (long)result.GetValue(run.Seed),
                Init = init,
                Bounds = LandscapeOptions.Bounds(result, run, f),
                Constrain = setup.Constrain,
                Run = setup.Options,
                Tolerance = result.GetValue(tolerance),
                Threads = result.GetValue(threads),
            });
            if (setup.Json) WriteJson(io, setup, report);
            else WriteTable(io, f, method, init, (long)result.GetValue(run.Seed), report, result.GetValue(run.Constrain));
            figure?.Write(Plotting.RestartFigure.Build($"{f.Name}: {report.Starts} restarts of {result.GetValue(optimizer)}", report), io, quiet: setup.Json);
            return Cli.Success;
        });
        return command;
    }

    private static void WriteJson(Io io, RunSetup setup, RestartReport report) =>
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("starts", report.Starts);
            w.WriteBoolean("constrained", report.Constrained);
            JsonOutput.Clipping(w, setup.Clipping);
            if (report.Best is { } best)
            {
                w.WritePropertyName("best");
                JsonOutput.Point(w, best.X, best.F);
            }
            else
            {
                w.WriteNull("best");
            }
            LandscapeOutput.MinimaJson(w, report.Minima);
            w.WriteNumber("failed", report.Failed);
            w.WriteNumber("diverged", report.Diverged);
            w.WriteNumber("unconverged", report.Unconverged);
            w.WriteNumber("leftBox", report.LeftBox);
            w.WriteNumber("unbounded", report.Unbounded);
            w.WriteEndObject();
        });

    private static void WriteTable(Io io, ResolvedFunction f, IMethod method, StartingPoint init, long seed, RestartReport report, bool free)
    {
        io.Out.WriteLine($"{f.Name}, {method.Name} ({string.Join(", ", method.Hyperparameters)}), {report.Starts} starts ({init}, seed {seed}): " +
                         $"{report.Minima.Count} distinct minim{(report.Minima.Count == 1 ? "um" : "a")}");
        io.Out.WriteLine(LandscapeOutput.BoxClause(report.Box, report.Constrained, method, free));
        LandscapeOutput.MinimaTable(io, f.Objective.Variables, report.Minima, keptTo: report.Constrained ? report.Box : null);
        io.Out.WriteLine(report.Best is { } best
            ? $"best: f = {RunReport.Number(best.F)} at {RunReport.Point(best.X)}"
            : "best: none (no run ended at a point of the box)");
        io.Out.WriteLine($"failed: {LandscapeOutput.Failures(report.Diverged, report.Unconverged, report.LeftBox, report.Unbounded)}");
    }
}
