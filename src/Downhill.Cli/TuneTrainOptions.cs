using System.CommandLine;
using System.Globalization;
using Downhill.Analysis.Tuning;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Studies;

namespace Downhill.Cli;

/// <summary>
/// <c>tune --train</c>'s options: the data and model of <c>train</c>, its training flags, the metric that scores a
/// trial and the pruning rule. The options tune shares with function trials (--seed, --init, --patience, --target,
/// --time-limit) keep train's meaning here.
/// </summary>
internal sealed class TuneTrainOptions
{
    public Option<bool> Train { get; } = new("--train") { Description = "tune training runs: each trial is a `train` run of -d DATA -m MODEL, scored on the validation split" };
    public Option<string?> Data { get; } = new("--data", "-d") { Description = $"--train: data set ({string.Join(", ", DatasetCatalog.Names)}) or a CSV file" };
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "--train: model, e.g. mlp:64 (a range named model replaces it, one named activation completes it)" };
    public Option<int> Epochs { get; } = new("--epochs", "-e") { Description = "--train: epochs per trial", DefaultValueFactory = _ => 5 };
    public Option<int> Batch { get; } = new("--batch", "-b") { Description = "--train: minibatch size", DefaultValueFactory = _ => 32 };
    public Option<double> Validation { get; } = new("--val") { Description = "--train: fraction of the training rows held out to score the trials", DefaultValueFactory = _ => 0.2 };
    public Option<string> Schedule { get; } = new("--schedule") { Description = "--train: learning-rate schedule, as for train", DefaultValueFactory = _ => "constant" };
    public Option<double> MinDelta { get; } = new("--min-delta") { Description = "--train: improvement that counts for --patience", DefaultValueFactory = _ => 0 };
    public Option<string?> DataDir { get; } = DataDirectoryOption.Create();
    public Option<string?> Label { get; } = new("--label") { Description = "--train: target column of a CSV file" };
    public Option<bool> Standardize { get; } = new("--standardize") { Description = "--train: centre and scale each feature on the training split" };
    public Option<string> Metric { get; } = new("--metric") { Description = "--train: what scores a trial: val-loss (lower is better) or val-accuracy (higher)", DefaultValueFactory = _ => "val-loss" };
    public Option<string> Prune { get; } = new("--prune") { Description = "--train: stop poor trials early from their per-epoch metric: none, median[:startup=5,warmup=1] or asha[:min=1,eta=3]", DefaultValueFactory = _ => "none" };

    private IEnumerable<Option> All => [Train, Data, Model, Epochs, Batch, Validation, Schedule, MinDelta, DataDir, Label, Standardize, Metric, Prune];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>Refuses train-only options given without --train.</summary>
    public void RejectWithoutTrain(ParseResult result)
    {
        foreach (var option in All.Skip(1))
            if (result.GetResult(option) is { Implicit: false })
                throw new InputException($"{option.Name} applies to --train only");
    }

    /// <summary>Reads the training trials: loads the data once, checks the ranges' keys and values against the model and optimizer.</summary>
    public TrainingTrials Read(ParseResult result, RunOptionsBinder run, string optimizer, IReadOnlyList<SearchRange> ranges)
    {
        string data = result.GetValue(Data) ?? throw new InputException("--train needs -d DATA");
        string model = result.GetValue(Model) ?? (ranges.Any(r => r.Name == "model") ? "" : throw new InputException("--train needs -m MODEL (or a --range model=…)"));
        var metric = result.GetValue(Metric) switch
        {
            "val-loss" => TrainingMetric.ValidationLoss,
            "val-accuracy" => TrainingMetric.ValidationAccuracy,
            var other => throw new InputException($"--metric must be val-loss or val-accuracy, not '{other}'"),
        };
        double validation = result.GetValue(Validation);
        if (!(validation > 0 && validation < 1)) throw new InputException($"--val must be between 0 and 1 (trials are scored on it), not {validation.ToString(CultureInfo.InvariantCulture)}");
        var patience = result.GetValue(run.Patience) is { } p ? RunOptionsBinder.ParsePatience(p) : null;
        if (patience is not null && patience.Iterations > int.MaxValue) throw new InputException($"--patience must be at most {int.MaxValue} epochs, not {patience.Iterations}");
        var training = new TrainingOptions
        {
            Stopping = TrainCommand.TrainingRules(result.GetValue(Epochs), (int?)patience?.Iterations,
                patience?.MinDelta is > 0 ? patience.MinDelta : result.GetValue(MinDelta), result.GetValue(run.Target), result.GetValue(run.TimeLimit)),
            BatchSize = result.GetValue(Batch),
            Schedule = result.GetValue(Schedule)!,
            Initializer = result.GetResult(run.Init) is { Implicit: false } ? Initializer.Parse(result.GetValue(run.Init)!) : null,
        };
        training.Validate();
        var splits = DatasetCatalog.Load(data, new DataLocator(result.GetValue(DataDir)), validation, (ulong)result.GetValue(run.Seed), result.GetValue(Label),
            result.GetValue(Standardize) ? true : null);
        var trials = new TrainingTrials(splits, model, optimizer, training, metric);
        trials.Check(ranges);
        return trials;
    }
}
