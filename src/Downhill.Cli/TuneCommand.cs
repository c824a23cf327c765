using Downhill.IO;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Downhill.Analysis;
using Downhill.Analysis.Tuning;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary><c>downhill tune</c>: random search with narrowing ranges over a method's hyperparameters, optionally kept in a study file.</summary>
internal static class TuneCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("tune", "Random search with narrowing ranges: draw settings, run them, narrow each range around the best, repeat.");
        var function = new FunctionOptions();
        function.AddTo(command);
        var optimizer = LandscapeOptions.Optimizer("sgd");
        var ranges = new Option<string[]>("--range")
        {
            Description = "key=lo..hi or key=lo..hi:log (log-uniform, for scale parameters such as lr); repeatable",
            Required = true,
        };
        var trials = new Option<int>("--trials") { Description = "trials drawn in each round", DefaultValueFactory = _ => 30 };
        var rounds = new Option<int>("--rounds") { Description = "rounds; after each, every range narrows around the best trials", DefaultValueFactory = _ => 3 };
        var keep = new Option<double>("--keep") { Description = "share of the best trials so far that the next ranges cover", DefaultValueFactory = _ => 0.2 };
        var budget = new Option<long>("--budget-iter") { Description = "iterations each trial may run (in place of --max-iter)", DefaultValueFactory = _ => 1000L };
        var halving = new Option<bool>("--halving") { Description = "successive halving: all trials on ¼ of the budget, the best half on ½, the best quarter on all of it" };
        var storage = new Option<string?>("--storage") { Description = "an SQLite study file; trials are saved as they finish, and a re-run continues the study" };
        var threads = LandscapeOptions.Threads();
        foreach (var option in new Option[] { optimizer, ranges, trials, rounds, keep, budget, halving, storage, threads }) command.Options.Add(option);
        var run = new RunOptionsBinder();
        run.AddTo(command);
        var plot = new PlotOption().AddTo(command);
        run.Json.Description = "print {\"best\":{\"hyperparameters\":{…},\"score\":…},\"trials\":N,\"rounds\":[{\"ranges\":{\"lr\":[lo,hi],…},\"trials\":[{\"hyperparameters\":{…},\"score\":…,\"stop\":\"…\"}]}]}";
        command.SetAction(result =>
        {
            var figure = plot.Read(result);
            if (result.GetValue(run.Trace) is not null) throw new InputException("--trace does not apply to tune: its trials keep only their end points");
            var f = function.Resolve(result);
            string spec = result.GetValue(optimizer)!;
            var searched = (result.GetValue(ranges) ?? []).Select(SearchRange.Parse).ToArray();
            long budgetIterations = result.GetValue(budget);
            if (budgetIterations < 1) throw new InputException($"--budget-iter must be at least 1, not {budgetIterations}");
            NarrowingSearch.CheckRanges(searched);
            // Every setting's method is checked once up front, so a bad key fails before any trial runs.
            using var cancellation = new RunOptionsCancellation(io);
            var setup = run.Bind(result, f, cancellation.Token);
            var searchedMethod = setup.Prepare(SearchedMethod.Parse(spec, searched.Select(r => r.Name)));
            searchedMethod.With(searched.Select(r => new KeyValuePair<string, double>(r.Name, r.At(0.5))));
            var lean = setup.OptionsFor(searchedMethod) with { TraceCapacity = 4, TraceEvery = int.MaxValue };
            var options = new TuneOptions
            {
                TrialsPerRound = result.GetValue(trials),
                Rounds = result.GetValue(rounds),
                Keep = result.GetValue(keep),
                Halving = result.GetValue(halving),
                Seed = (long)result.GetValue(run.Seed),
                Threads = result.GetValue(threads),
            };

            TrialOutcome Evaluate(TrialRequest request)
            {
                var method = searchedMethod.With(request.Settings);
                long iterations = Math.Max(1, (long)Math.Round(budgetIterations * request.BudgetShare));
                var options = lean with { Stopping = lean.Stopping.With(new MaxIterations(iterations)) };
                var outcome = Minimizer.Run(f.Objective, setup.Start, method, options);
                double score = outcome.Stop == StopReason.Diverged || !double.IsFinite(outcome.F) ? double.PositiveInfinity : outcome.F;
                return new TrialOutcome(score, outcome.Stop.ToName());
            }

            string description = string.Join(" ",
                $"function={f.Name}", $"dim={f.Dimension}", $"optimizer={spec}", $"budget={budgetIterations}",
                $"start={string.Join(",", setup.Start.Select(v => RoundTrip.Format(v)))}",
                $"stop={string.Join(",", setup.Options.Stopping.Select(r => $"{r.Reason.ToName()}:{RoundTrip.Format(r.Threshold)}"))}")
                + (lean.Bounds is { } box ? $" box={box}" : "") + (setup.Clipping is { } clip ? $" clip={clip.Describe()}" : "");
            TuneReport report;
            string? path = result.GetValue(storage);
            if (path is null)
            {
                report = NarrowingSearch.Run(searched, Evaluate, options, null, description);
            }
            else
            {
                using var store = SqliteStudyStore.Open(path);
                report = NarrowingSearch.Run(searched, Evaluate, options, store, description);
                if (report.Loaded > 0)
                    io.Error.WriteLine($"downhill: note: continued the study in '{path}': {report.Loaded} finished evaluations read, {report.Evaluated} run now");
            }
            if (setup.Json) WriteJson(io, report);
            else WriteTable(io, f.Name, spec, report);
            figure?.Write(Plotting.TuningFigure.Build($"{f.Name}: tuning {spec}", report), io, quiet: setup.Json);
            return Cli.Success;
        });
        return command;
    }

    private static void WriteJson(Io io, TuneReport report) =>
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("best");
            JsonOutput.Settings(w, "hyperparameters", report.Best.Settings);
            JsonOutput.Number(w, "score", report.Best.Score);
            w.WriteEndObject();
            w.WriteNumber("trials", report.Trials);
            w.WriteStartArray("rounds");
            foreach (var round in report.Rounds)
            {
                w.WriteStartObject();
                w.WriteStartObject("ranges");
                foreach (var range in round.Ranges)
                {
                    w.WriteStartArray(range.Name);
                    w.WriteReal(range.Low);
                    w.WriteReal(range.High);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteStartArray("trials");
                foreach (var trial in round.Trials) Trial(w, trial);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static void Trial(Utf8JsonWriter w, Trial trial)
    {
        w.WriteStartObject();
        JsonOutput.Settings(w, "hyperparameters", trial.Settings);
        JsonOutput.Number(w, "score", trial.Score);
        w.WriteString("stop", trial.Outcome.Stop);
        JsonOutput.Number(w, "budget", trial.Request.BudgetShare);
        w.WriteEndObject();
    }

    private static void WriteTable(Io io, string name, string spec, TuneReport report)
    {
        io.Out.WriteLine($"{name}, {spec}: {report.Trials} trials in {report.Rounds.Count} rounds");
        for (int r = 0; r < report.Rounds.Count; r++)
        {
            var round = report.Rounds[r];
            io.Out.WriteLine($"round {r + 1}: {string.Join("  ", round.Ranges.Select(x => $"{x.Name} ∈ [{RunReport.Number(x.Low)}, {RunReport.Number(x.High)}]{(x.Scale == RangeScale.Log ? " (log)" : "")}"))}");
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var range in round.Ranges) table.AddColumn(new TableColumn(Markup.Escape(range.Name)).RightAligned());
            table.AddColumn(new TableColumn("score").RightAligned());
            table.AddColumn("stop");
            var ordered = round.Trials.OrderBy(t => double.IsFinite(t.Score) ? t.Score : double.PositiveInfinity).ThenBy(t => t.Request.Index).Take(5);
            foreach (var t in ordered)
                table.AddRow(t.Settings.Select(s => RunReport.Number(s.Value)).Append(RunReport.Number(t.Score)).Append(t.Outcome.Stop).Select(Markup.Escape).ToArray());
            io.Console.Write(table);
        }
        io.Out.WriteLine($"best: {string.Join(", ", report.Best.Settings.Select(s => $"{s.Key}={RunReport.Number(s.Value)}"))} " +
                         $"(score {RunReport.Number(report.Best.Score)}, round {report.Best.Request.Round + 1})");
    }
}
