using System.Globalization;
using Downhill.Analysis.Tuning;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;
using Downhill.Stopping;

namespace Downhill.Studies;

/// <summary>Which validation figure scores a training trial.</summary>
public enum TrainingMetric
{
    /// <summary>The validation loss after the last epoch: lower is better.</summary>
    ValidationLoss,
    /// <summary>The validation accuracy after the last epoch: higher is better.</summary>
    ValidationAccuracy,
}

/// <summary>
/// Trials that are training runs: each trains the model on the data's training split with its own seed (its weights
/// and its shuffling keyed on the study's seed and the trial), reports the validation metric after every epoch (where
/// the study's pruning rule may stop it), and scores the metric after its last epoch. A searched key is one of the
/// training settings (<see cref="TrainingKeys"/>) or else one of the optimizer's hyperparameters.
/// </summary>
public sealed class TrainingTrials
{
    private readonly DataSplits _data;
    private readonly string _model;
    private readonly string _optimizer;
    private readonly TrainingOptions _training;

    /// <param name="data">The splits; the validation split scores the trials.</param>
    /// <param name="model">The model spec (a range named "model" replaces it, one named "activation" completes it).</param>
    /// <param name="optimizer">The optimizer spec the searched hyperparameters are added to.</param>
    /// <param name="training">Epochs, batch size and the rest, as for one training run (seed and threads are the trial's).</param>
    /// <param name="metric">What scores a trial.</param>
    public TrainingTrials(DataSplits data, string model, string optimizer, TrainingOptions training, TrainingMetric metric)
    {
        if (data.Validation is null) throw new InputException("training trials are scored on a validation split: set a validation fraction above 0");
        if (metric == TrainingMetric.ValidationAccuracy && !data.Train.IsClassification)
            throw new InputException($"{data.Train.Name} is a regression data set: it has no accuracy, score by the validation loss");
        if (training.CheckpointDirectory is not null || training.Resume) throw new InputException("training trials keep no checkpoints");
        training.Validate();
        (_data, _model, _optimizer, _training, Metric) = (data, model, optimizer, training, metric);
    }

    /// <summary>The searched keys that set the training rather than the optimizer.</summary>
    public static IReadOnlyList<string> TrainingKeys { get; } = ["model", "activation", "batch", "epochs", "init", "schedule"];

    /// <summary>The metric each trial reports and is scored by.</summary>
    public TrainingMetric Metric { get; }

    /// <summary>Whether a higher score is better.</summary>
    public bool Maximize => Metric == TrainingMetric.ValidationAccuracy;

    /// <summary>What every trial runs, for the study's plan.</summary>
    public string Objective => string.Join(" ",
        $"train data={_data.Train.Name}", $"rows={_data.Train.Count}+{_data.Validation!.Count}", $"standardized={_data.IsStandardized}",
        $"model={_model}", $"optimizer={_optimizer}", $"batch={_training.BatchSize}",
        $"init={_training.Initializer?.ToString() ?? "default"}", $"schedule={_training.Schedule}",
        $"stop={string.Join(",", _training.Stopping.Select(r => $"{r.Reason.ToName()}:{r.Threshold.ToString("R", CultureInfo.InvariantCulture)}"))}",
        $"metric={(Maximize ? "val-accuracy" : "val-loss")}");

    /// <summary>
    /// Builds the model and optimizer of every corner of the ranges' choices (at the middle of each numeric range), so
    /// that an unknown key or a bad value is an <see cref="InputException"/> before any trial runs.
    /// </summary>
    public void Check(IReadOnlyList<SearchRange> ranges)
    {
        foreach (var range in ranges.Where(r => r.IsChoice))
            foreach (string choice in range.Choices)
                Build(ranges.Select(r => r == range ? Setting.Chosen(r.Name, choice) : r.At(0.5)).ToList(), 1.0);
        Build(ranges.Select(r => r.At(0.5)).ToList(), 1.0);
    }

    /// <summary>Runs one trial: trains, reporting the metric after every epoch; its score is the last epoch's metric.</summary>
    public TrialOutcome Run(ITrialContext trial)
    {
        var (model, optimizer, options) = Build(trial.Request.Settings, trial.Request.BudgetShare);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(trial.Cancellation);
        var observer = new EpochReports(trial, Metric, stop);
        TrainingResult result;
        using (var trainer = new Trainer(model, optimizer, options with { Seed = trial.Request.Seed, Threads = 1 }))
            result = trainer.Fit(_data, observer, stop.Token);
        return TrialOutcome.Scored(result.Epochs.Count > 0 ? Value(result.Epochs[^1], Metric) : double.NaN, result.Stop, Maximize);
    }

    private (Model Model, FirstOrderOptimizer Optimizer, TrainingOptions Options) Build(IReadOnlyList<Setting> settings, double budgetShare)
    {
        string model = settings.FirstOrDefault(s => s.Name == "model")?.Text ?? _model;
        if (settings.FirstOrDefault(s => s.Name == "activation") is { } activation)
        {
            if (!model.StartsWith("mlp:", StringComparison.Ordinal) || model.Split(':').Length > 2)
                throw new InputException($"activation is searched, but model '{model}' is not an mlp without one (write mlp:W1,W2,…)");
            model = $"{model}:{activation.Text}";
        }
        var options = _training;
        foreach (var s in settings)
        {
            options = s.Name switch
            {
                "batch" => options with { BatchSize = Whole(s) },
                "epochs" => options with { Stopping = options.Stopping.Without<MaxIterations>().With(new MaxIterations(Whole(s))) },
                "init" => options with { Initializer = Initializer.Parse(s.Text) },
                "schedule" => options with { Schedule = s.Text },
                _ => options,
            };
        }
        if (budgetShare < 1)
            options = options with
            {
                Stopping = options.Stopping.Without<MaxIterations>().With(new MaxIterations(Math.Max(1, (long)Math.Round(options.Stopping.IterationLimit * budgetShare)))),
            };
        options.Validate();
        LearningRateSchedule.Parse(options.Schedule);
        var spec = Spec.Parse(_optimizer, "optimizer");
        if (!FirstOrderOptimizers.TryCreate(spec, out var optimizer))
            throw new InputException($"unknown optimizer '{spec.Name}'; valid: {string.Join(", ", FirstOrderOptimizers.Names)}");
        foreach (var s in settings.Where(s => !TrainingKeys.Contains(s.Name)))
        {
            if (spec[s.Name] is not null) throw new InputException($"'{s.Name}' is fixed in the optimizer {_optimizer} and also searched; drop one of them");
            optimizer = optimizer!.With(s.Name, s.Argument);
        }
        var net = Model.Create(model, _data.Train.FeatureCount, _data.Train.ClassCount, _data.Train.TargetWidth);
        return (net, optimizer!, options);
    }

    private static int Whole(Setting s) =>
        s.Value == Math.Floor(s.Value) && s.Value is >= 1 and <= int.MaxValue
            ? (int)s.Value
            : throw new InputException($"{s.Name} must be a whole number of at least 1, not {s.Text}");

    private static double Value(EpochRecord record, TrainingMetric metric) =>
        (metric == TrainingMetric.ValidationAccuracy ? record.ValAccuracy : record.ValLoss) ?? double.NaN;

    /// <summary>Reports each epoch's metric to the study and stops the run when the study says so.</summary>
    private sealed class EpochReports(ITrialContext trial, TrainingMetric metric, CancellationTokenSource stop) : ITrainingObserver
    {
        public void OnBatch(int epoch, int batch, int batches, double loss, double? accuracy, double samplesPerSecond)
        {
        }

        public void OnIteration(EpochRecord epoch)
        {
            // The trainer reads the cancellation right after this call: the epoch is the trial's last.
            if (!trial.Report(epoch.Epoch, Value(epoch, metric))) stop.Cancel();
        }
    }
}
