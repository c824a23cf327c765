using System.CommandLine;
using System.Globalization;
using Downhill.Analysis;
using Downhill.Analysis.Landscapes;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary><c>downhill experiment saddles|restarts</c>: the course's two landscape experiments, measured.</summary>
internal static class ExperimentCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("experiment", "The course's landscape experiments: saddles (minima grow rare with dimension), restarts (chance of the global minimum).");
        command.Subcommands.Add(Saddles(io));
        command.Subcommands.Add(Restarts(io));
        return command;
    }

    private static Command Saddles(Io io)
    {
        var dimensions = new Option<string>("--dims") { Description = "dimensions to try, comma-separated", DefaultValueFactory = _ => "1,2,3,4,5,6" };
        var functions = new Option<int>("--functions") { Description = "random functions per dimension", DefaultValueFactory = _ => 3 };
        var terms = new Option<int>("--terms") { Description = "cosine terms per function", DefaultValueFactory = _ => 24 };
        var starts = new Option<int>("--starts") { Description = "root-finder starts per function", DefaultValueFactory = _ => 300 };
        var seed = SeedOption.Create("seed of the functions and the starts");
        var threads = LandscapeOptions.Threads();
        var json = new Option<bool>("--json") { Description = "print {\"rows\":[{\"dimension\":…,\"criticalPoints\":…,\"minimumShare\":…,\"saddleShare\":…,\"maximumShare\":…}]}" };
        var command = new Command("saddles", "Critical points of random smooth functions (sums of random cosines) by dimension: the share of minima falls, of saddles rises.");
        foreach (var option in new Option[] { dimensions, functions, terms, starts, seed, threads, json }) command.Options.Add(option);
        command.SetAction(result =>
        {
            var dims = CliValues.ParseVector(result.GetValue(dimensions)!, "--dims")
                .Select(d => d == Math.Floor(d) && d >= 1 && d <= 20 ? (int)d : throw new InputException($"--dims: {d} is not a whole number from 1 to 20"))
                .ToArray();
            if (result.GetValue(terms) < 1) throw new InputException($"--terms must be at least 1, not {result.GetValue(terms)}");
            if (result.GetValue(starts) < 1) throw new InputException($"--starts must be at least 1, not {result.GetValue(starts)}");
            var rows = SaddleExperiment.Run(new SaddleExperimentOptions
            {
                Dimensions = dims,
                FunctionsPerDimension = result.GetValue(functions),
                Terms = result.GetValue(terms),
                Starts = result.GetValue(starts),
                Seed = result.GetValue(seed),
                Threads = result.GetValue(threads),
            });
            if (result.GetValue(json))
            {
                JsonOutput.Write(io.Out, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("rows");
                    foreach (var row in rows)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("dimension", row.Dimension);
                        w.WriteNumber("functions", row.Functions);
                        w.WriteNumber("criticalPoints", row.CriticalPoints);
                        JsonOutput.Number(w, "minimumShare", row.MinimumShare);
                        JsonOutput.Number(w, "saddleShare", row.SaddleShare);
                        JsonOutput.Number(w, "maximumShare", row.MaximumShare);
                        JsonOutput.Number(w, "degenerateShare", row.DegenerateShare);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return Cli.Success;
            }
            var table = new Table().AddColumns("dimension", "critical points", "minima", "saddles", "maxima");
            foreach (var row in rows)
                table.AddRow(row.Dimension.ToString(CultureInfo.InvariantCulture), row.CriticalPoints.ToString(CultureInfo.InvariantCulture),
                    Percent(row.MinimumShare), Percent(row.SaddleShare), Percent(row.MaximumShare));
            io.Console.Write(table);
            io.Out.WriteLine(SaddleConclusion(rows));
            return Cli.Success;
        });
        return command;
    }

    private static Command Restarts(Io io)
    {
        var command = new Command("restarts", "On a function with many local minima (rastrigin by default), the chance of reaching the global minimum against the number of restarts.");
        var function = new FunctionOptions();
        function.Function.Required = false;
        function.Function.DefaultValueFactory = _ => "rastrigin";
        function.AddTo(command);
        var optimizer = LandscapeOptions.Optimizer("gd:lr=0.002");
        var starts = new Option<int>("--starts") { Description = "starts run in all", DefaultValueFactory = _ => 1000 };
        var restarts = new Option<string>("--restarts") { Description = "restart counts N for the rows", DefaultValueFactory = _ => "1,2,5,10,20,50,100" };
        var maxIterations = new Option<long>("--max-iter") { Description = "iterations per run", DefaultValueFactory = _ => 5000L };
        var seed = SeedOption.Create("seed of the starts, drawn uniformly in the function's box");
        var bounds = new Option<string?>("--bounds") { Description = "the box the starts are drawn from and the runs keep to (default: the function's)" };
        var free = new Option<bool>("--free")
        {
            Description = "let the runs leave the box (by default each keeps to it where the optimizer can); a run that ends outside it never counts as reaching the global minimum",
        };
        var threads = LandscapeOptions.Threads();
        var json = new Option<bool>("--json") { Description = "print {\"rows\":[{\"restarts\":…,\"groups\":…,\"measured\":…,\"predicted\":…}],\"successRate\":…,…}" };
        foreach (var option in new Option[] { optimizer, starts, restarts, maxIterations, seed, bounds, free, threads, json }) command.Options.Add(option);
        command.SetAction(result =>
        {
            var f = function.Resolve(result);
            var method = Methods.Parse(result.GetValue(optimizer)!);
            var box = LandscapeBox.From(result.GetValue(bounds), f, "--bounds");
            var counts = CliValues.ParseVector(result.GetValue(restarts)!, "--restarts")
                .Select(v => v == Math.Floor(v) && v >= 1 && v <= int.MaxValue ? (int)v : throw new InputException($"--restarts: {v} is not a positive whole number"))
                .ToArray();
            var global = f.KnownPoints.Where(p => p.Kind == Functions.PointKind.GlobalMinimum).Select(p => (double?)p.F).FirstOrDefault();
            var report = RestartExperiment.Run(f.Objective, method, new RestartOptions
            {
                Starts = result.GetValue(starts),
                Seed = result.GetValue(seed),
                Init = StartingPoint.Parse("uniform"),
                Bounds = Enumerable.Range(0, box.Dimension).Select(i => (box.Low[i], box.High[i])).ToArray(),
                Constrain = !result.GetValue(free),
                Run = new RunOptions { Stopping = StoppingRules.Default.With(new MaxIterations(result.GetValue(maxIterations))) },
                Threads = result.GetValue(threads),
            }, counts, global);
            if (result.GetValue(json))
            {
                JsonOutput.Write(io.Out, w =>
                {
                    w.WriteStartObject();
                    w.WriteNumber("starts", report.Starts);
                    w.WriteBoolean("constrained", report.Constrained);
                    w.WriteNumber("successes", report.Successes);
                    JsonOutput.Number(w, "successRate", report.SuccessRate);
                    JsonOutput.Number(w, "globalF", report.GlobalF);
                    w.WriteStartArray("rows");
                    foreach (var row in report.Rows)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("restarts", row.Restarts);
                        w.WriteNumber("groups", row.Groups);
                        JsonOutput.Number(w, "measured", row.Measured);
                        JsonOutput.Number(w, "predicted", row.Predicted);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return Cli.Success;
            }
            io.Out.WriteLine($"{f.Name}, {method.Name} ({string.Join(", ", method.Hyperparameters)}): {report.Starts} starts uniform in the box{(report.Constrained ? ", kept to it" : ", free to leave it")}; " +
                             $"{report.Successes} reached the global minimum f = {Number(report.GlobalF)}{(global is null ? " (the lowest found)" : "")}");
            var table = new Table().AddColumns("restarts", "groups", "measured chance", "1 − (1 − p)ᴺ");
            foreach (var row in report.Rows)
                table.AddRow(row.Restarts.ToString(CultureInfo.InvariantCulture), row.Groups.ToString(CultureInfo.InvariantCulture),
                    Percent(row.Measured), Percent(row.Predicted));
            io.Console.Write(table);
            io.Out.WriteLine(RestartConclusion(report));
            return Cli.Success;
        });
        return command;
    }

    internal static string RestartConclusion(RestartExperimentReport report)
    {
        if (report.Successes == 0)
            return $"None of {report.Starts} starts reached the global minimum: restarts alone will rarely find it here (try more starts or another optimizer).";
        var last = report.Rows[^1];
        return $"One start reaches the global minimum with p = {Percent(report.SuccessRate)}; with {last.Restarts} restarts the chance is " +
               $"{Percent(last.Predicted)} (measured {Percent(last.Measured)} over {last.Groups} groups), and {report.RestartsFor(0.9)} restarts " +
               "give 90%: train again from other random starts and keep the best.";
    }

    private static string Number(double v) => v.ToString("g6", CultureInfo.InvariantCulture);

    /// <summary>The conclusion, in words, from the measured rows.</summary>
    internal static string SaddleConclusion(IReadOnlyList<SaddleRow> rows)
    {
        var first = rows[0];
        var last = rows[^1];
        string trend = last.MinimumShare < first.MinimumShare && last.SaddleShare > first.SaddleShare
            ? "minima grow rare and saddles take over as the dimension rises"
            : "this run does not show minima growing rarer with dimension (try more starts or functions)";
        return $"From {first.Dimension} to {last.Dimension} dimensions the share of minima went from {Percent(first.MinimumShare)} " +
               $"to {Percent(last.MinimumShare)} and of saddles from {Percent(first.SaddleShare)} to {Percent(last.SaddleShare)}: {trend}. " +
               "A critical point is a minimum only if all n Hessian eigenvalues are positive; with random signs that is about 1 in 2ⁿ.";
    }

    internal static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
