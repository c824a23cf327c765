using System.CommandLine;
using Downhill.Analysis;
using Downhill.Analysis.Tuning;
using Downhill.IO;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.Studies;

namespace Downhill.Cli;

/// <summary>
/// <c>downhill tune</c>: random search with narrowing ranges over a method's hyperparameters, on a function or (with
/// <c>--train</c>) on training runs, alone or as one of many workers sharing a study through <c>--storage</c>.
/// </summary>
internal static class TuneCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("tune", "Random search with narrowing ranges: draw settings, run them, narrow each range around the best, repeat.");
        var function = new FunctionOptions();
        function.Function.Required = false;
        function.AddTo(command);
        var optimizer = LandscapeOptions.Optimizer("sgd");
        var ranges = new Option<string[]>("--range")
        {
            Description = "key=lo..hi[:log][:int] (log-uniform for scale parameters such as lr; whole numbers) or key=a,b,c (choices; a|b|c when they hold commas); repeatable",
            Required = true,
        };
        var trials = new Option<int>("--trials") { Description = "trials drawn in each round", DefaultValueFactory = _ => 30 };
        var rounds = new Option<int>("--rounds") { Description = "rounds; after each, every range narrows around the best trials", DefaultValueFactory = _ => 3 };
        var keep = new Option<double>("--keep") { Description = "share of the best trials so far that the next ranges cover", DefaultValueFactory = _ => 0.2 };
        var budget = new Option<long>("--budget-iter") { Description = "iterations each trial may run (in place of --max-iter)", DefaultValueFactory = _ => 1000L };
        var halving = new Option<bool>("--halving") { Description = "successive halving: all trials on ¼ of the budget, the best half on ½, the best quarter on all of it" };
        var threads = LandscapeOptions.Threads();
        foreach (var option in new Option[] { optimizer, ranges, trials, rounds, keep, budget, halving, threads }) command.Options.Add(option);
        var study = new StudyOptions();
        study.AddTo(command, working: true);
        var run = new RunOptionsBinder();
        run.AddTo(command);
        var plot = new PlotOption().AddTo(command);
        run.Json.Description = "print {\"best\":{\"hyperparameters\":{…},\"score\":…,\"number\":k},\"trials\":N,\"rounds\":[{\"ranges\":{\"lr\":[lo,hi],…},\"trials\":[{\"number\":k,\"hyperparameters\":{…},\"score\":…,\"stop\":\"…\",\"state\":\"finished\",\"budget\":1}]}]}";
        var train = new TuneTrainOptions();
        train.AddTo(command);
        command.SetAction(result =>
        {
            var figure = plot.Read(result);
            bool training = result.GetValue(train.Train);
            if (result.GetValue(run.Trace) is not null) throw new InputException("--trace does not apply to tune: its trials keep only their end points");
            var searched = (result.GetValue(ranges) ?? []).Select(SearchRange.Parse).ToArray();
            var options = new TuneOptions
            {
                TrialsPerRound = result.GetValue(trials),
                Rounds = result.GetValue(rounds),
                Keep = result.GetValue(keep),
                Halving = result.GetValue(halving),
                Seed = (long)result.GetValue(run.Seed),
                Threads = result.GetValue(threads),
                Retries = result.GetValue(study.Retries),
                Pruning = Pruning.Parse(result.GetValue(train.Prune)!),
            };
            Checked(options, searched);
            string name = study.Name(result);
            var worker = study.Worker(result, options.Threads);
            int workers = result.GetValue(study.Workers);
            string? storage = result.GetValue(study.Storage);
            if (workers is < 1 or > 1024) throw new InputException($"--workers must be between 1 and 1024, not {workers}");
            if (workers > 1 && storage is null) throw new InputException("--workers starts processes that share the study through --storage: give one");
            if (storage is not null && !storage.Contains("://", StringComparison.Ordinal)) OutputPaths.CheckFile(storage, study.Storage.Name);
            using var cancellation = new RunOptionsCancellation(io);
            // A started worker's trials stop when the process that holds them says so, not on the terminal's Ctrl+C,
            // which reaches that process too.
            bool started = result.GetValue(study.StartedWorker);
            var stop = started ? CancellationToken.None : cancellation.Token;

            var trial = training
                ? Training(result, run, train, optimizer, searched, ref options)
                : Function(result, run, train, function, optimizer, budget, searched, stop);
            var definition = new StudyDefinition(name, trial.Objective, searched, options);
            if (started)
            {
                WorkerProcesses.Serve(trial.Run, worker.ThreadCount);
                return Cli.Success;
            }
            var report = Run(io, result, study, definition, storage, workers, worker, trial.Run, cancellation.Token);
            if (result.GetValue(run.Json)) TuneOutput.WriteJson(io, report, trial.Setup);
            else TuneOutput.WriteTable(io, trial.Title, report, trial.Setup);
            figure?.Write(Plotting.TuningFigure.Build($"tuning {trial.Title}", report), io, quiet: result.GetValue(run.Json));
            return Cli.Success;
        });
        return command;
    }

    /// <summary>
    /// What a study's trials run: their description for the plan, the objective, a title for tables, and for a function
    /// the run setup (whose box and clipping the table states).
    /// </summary>
    private sealed record TrialKind(string Objective, TrialObjective Run, string Title, RunSetup? Setup = null);

    /// <summary>Trials that minimize a function with the optimizer, each within the iteration budget.</summary>
    private static TrialKind Function(ParseResult result, RunOptionsBinder run, TuneTrainOptions train, FunctionOptions function, Option<string> optimizer,
        Option<long> budget, IReadOnlyList<SearchRange> searched, CancellationToken cancel)
    {
        train.RejectWithoutTrain(result);
        if (result.GetValue(function.Function) is null) throw new InputException("tune needs -f FUNCTION, or --train with -d DATA -m MODEL");
        var f = function.Resolve(result);
        string spec = result.GetValue(optimizer)!;
        long budgetIterations = result.GetValue(budget);
        if (budgetIterations < 1) throw new InputException($"--budget-iter must be at least 1, not {budgetIterations}");
        // Every setting's method is checked once up front, so a bad key fails before any trial runs.
        var setup = run.Bind(result, f, cancel);
        var searchedMethod = setup.Prepare(SearchedMethod.Parse(spec, searched.Select(r => r.Name)));
        searchedMethod.With(searched.Select(r => r.At(0.5)));
        var lean = setup.OptionsFor(searchedMethod) with { TraceCapacity = 4, TraceEvery = int.MaxValue };

        TrialOutcome Evaluate(ITrialContext trial)
        {
            var request = trial.Request;
            var method = searchedMethod.With(request.Settings);
            long iterations = Math.Max(1, (long)Math.Round(budgetIterations * request.BudgetShare));
            var trialOptions = lean with { Stopping = lean.Stopping.With(new MaxIterations(iterations)), Cancellation = trial.Cancellation };
            return TrialOutcome.OfRun(Minimizer.Run(f.Objective, setup.Start, method, trialOptions));
        }

        string objective = string.Join(" ",
            $"function={f.Name}", $"dim={f.Dimension}", $"optimizer={spec}", $"budget={budgetIterations}",
            $"start={string.Join(",", setup.Start.Select(v => RoundTrip.Format(v)))}",
            $"stop={string.Join(",", setup.Options.Stopping.Select(r => $"{r.Reason.ToName()}:{RoundTrip.Format(r.Threshold)}"))}")
            + (lean.Bounds is { } box ? $" box={box}" : "") + (setup.Clipping is { } clip ? $" clip={clip.Describe()}" : "");
        return new TrialKind(objective, Evaluate, $"{f.Name}, {spec}", setup);
    }

    /// <summary>Trials that are training runs, scored by the validation metric, pruned per epoch if asked.</summary>
    private static TrialKind Training(ParseResult result, RunOptionsBinder run, TuneTrainOptions train, Option<string> optimizer,
        IReadOnlyList<SearchRange> searched, ref TuneOptions options)
    {
        foreach (var option in new Option[] { run.Start, run.Bounds, run.Constrain, run.Clipping.Norm, run.Clipping.Value, run.MaxIterations, run.GradientTolerance, run.FunctionTolerance, run.StepTolerance, run.TraceEvery })
            if (result.GetResult(option) is { Implicit: false }) throw new InputException($"{option.Name} does not apply to --train");
        string spec = result.GetResult(optimizer) is { Implicit: false } ? result.GetValue(optimizer)! : "adam";
        var trials = train.Read(result, run, spec, searched);
        options = options with { Maximize = trials.Maximize };
        options.Validate();
        string data = result.GetValue(train.Data)!;
        return new TrialKind(trials.Objective, trials.Run,
            $"{data}, {result.GetValue(train.Model) ?? "model"}, {spec} ({(trials.Maximize ? "validation accuracy" : "validation loss")})");
    }

    /// <summary>Checks the search's settings before anything is opened.</summary>
    private static void Checked(TuneOptions options, IReadOnlyList<SearchRange> ranges)
    {
        options.Validate();
        NarrowingSearch.CheckRanges(ranges);
    }

    /// <summary>
    /// Runs the study: in memory without --storage; as one worker on the storage; or, with --workers N, as one of N
    /// worker processes, reading the study's result when all are done. The N − 1 it starts only run trials that this
    /// process claims and hands them; this process alone talks to the storage. Stopped (Ctrl+C), it waits for them;
    /// failing, it kills them.
    /// </summary>
    private static TuneReport Run(Io io, ParseResult result, StudyOptions study, StudyDefinition definition, string? location,
        int workers, WorkerOptions worker, TrialObjective objective, CancellationToken cancel)
    {
        if (location is null)
        {
            using var memory = StudyStorage.InMemory();
            return StudyRunner.Run(memory, definition, objective, worker, cancel);
        }
        if (workers == 1)
        {
            using var alone = study.Open(location);
            var report = StudyRunner.Run(alone, definition, objective, worker, cancel);
            if (report.Loaded > 0)
                io.Error.WriteLine($"downhill: note: continued the study in {alone.Location}: {report.Loaded} finished evaluations read, {report.Evaluated} run now");
            return report;
        }
        // Started first, so that their start-up overlaps this process's connection to the storage.
        using var others = WorkerProcesses.Start(result, study.Workers, study.StartedWorker, workers - 1);
        using var storage = study.Open(location);
        var joined = storage.Join(definition);
        var slots = new TrialSlots(objective, worker.ThreadCount, others.Runners, worker.ThreadCount);
        try
        {
            StudyRunner.Work(storage, joined, slots.Run, worker with { Threads = slots.Count }, cancel);
        }
        catch (OperationCanceledException)
        {
            others.Wait();
            throw;
        }
        catch
        {
            others.Kill();
            throw;
        }
        var failures = others.Wait();
        var snapshot = storage.Read(definition.Name);
        foreach (string failure in failures) io.Error.WriteLine($"downhill: note: {failure}");
        if (!snapshot.Done)
            throw new InputException($"the workers stopped before study '{definition.Name}' was done{(failures.Count > 0 ? $" ({failures[0]})" : "")}");
        return NarrowingSearch.Report(snapshot.RoundRanges, snapshot.Ended, definition.Options,
                   snapshot.Ended.Count - joined.EndedWhenJoined, joined.EndedWhenJoined)
               ?? throw new InvalidOperationException("a finished study without trials");
    }
}
