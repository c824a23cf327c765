using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Learning.Training;

/// <summary>
/// One epoch of training: losses and accuracies (null where they do not apply: no validation split, a regression
/// model), the learning rate in effect, the wall time, and each layer's mean gradient norm over its batches.
/// </summary>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double? TrainAccuracy,
    double? ValLoss,
    double? ValAccuracy,
    double LearningRate,
    double Seconds,
    IReadOnlyList<double> LayerGradientNorms)
{
    /// <summary>Validation minus training loss: how far the empirical risk understates the risk.</summary>
    public double? Gap => ValLoss - TrainLoss;

    /// <summary>The loss the stopping rules and the plateau schedule watch: validation where there is a split, else training.</summary>
    public double Monitored => ValLoss ?? TrainLoss;
}

/// <summary>Loss and accuracy (null for regression) of a model on a data set.</summary>
public sealed record Evaluation(double Loss, double? Accuracy);

/// <summary>
/// The outcome of a training run: an immutable value, in a run's vocabulary (an epoch is an iteration): why it stopped
/// and every stopping rule's measurement beside its threshold, as <see cref="Running.RunResult"/> reports them.
/// </summary>
public sealed record TrainingResult
{
    /// <summary>The model's description.</summary>
    public required string Model { get; init; }
    /// <summary>The optimizer's description.</summary>
    public required string Optimizer { get; init; }
    /// <summary>Every epoch, in order.</summary>
    public required IReadOnlyList<EpochRecord> Epochs { get; init; }
    /// <summary>Loss and accuracy on the test split at the end.</summary>
    public required Evaluation Test { get; init; }
    /// <summary>Why training stopped.</summary>
    public required StopReason Stop { get; init; }
    /// <summary>Why, in words, e.g. "best validation loss improved by no more than 0 in 3 epochs".</summary>
    public required string StopDetail { get; init; }
    /// <summary>Each stopping rule's measured value beside its threshold after the last epoch, as a run's result reports them.</summary>
    public required IReadOnlyList<StopCheck> Checks { get; init; }
    /// <summary>Vanishing or exploding gradients, with their evidence.</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
    /// <summary>The epoch this run resumed after (0 when it started fresh).</summary>
    public int ResumedAfter { get; init; }
    /// <summary>With <see cref="TrainingOptions.Clipping"/>: how many of this run's steps (since a resume) had their gradients clipped; else null.</summary>
    public long? ClippedSteps { get; init; }
    /// <summary>How many steps (batches) this run took, since a resume.</summary>
    public long Steps { get; init; }
}
