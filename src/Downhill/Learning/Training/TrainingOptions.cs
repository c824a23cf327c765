using Downhill.Learning.Models;
using Downhill.Optimizers;
using Downhill.Stopping;

namespace Downhill.Learning.Training;

/// <summary>
/// How to train: the stopping rules (an epoch is an iteration: max-iter is the number of epochs), batch size (1 is
/// stochastic gradient descent, the whole training set is gradient descent), seed, threads, learning-rate schedule,
/// gradient clipping and checkpoints.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>
    /// The rules that end training, checked after every epoch against the monitored loss (validation, else training):
    /// <see cref="MaxIterations"/> counts epochs, <see cref="Patience"/> epochs without a better loss, <see cref="Target"/>
    /// a loss low enough, <see cref="FunctionTolerance"/> its relative change, <see cref="StepTolerance"/> the parameters'
    /// change over an epoch, <see cref="TimeLimit"/> the wall time. Default: <see cref="StopAfter"/>(10).
    /// </summary>
    public StoppingRules Stopping { get; init; } = StopAfter(10);

    /// <summary>Rows per batch.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Seeds the weights and the order of the data; the same seed gives the same run whatever the threads.</summary>
    public ulong Seed { get; init; }
    /// <summary>Threads for the products and the optimizer step.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Null: the model's default, torch (PyTorch's nn.Linear default).</summary>
    public Initializer? Initializer { get; init; }
    /// <summary>The learning-rate schedule's spec.</summary>
    public string Schedule { get; init; } = "constant";
    /// <summary>
    /// Weights to start from (a saved model's), one array per parameter in <see cref="Model.Parameters"/> order, in
    /// place of the initializer's. The initializer's draws are still made, so the data order is the seed's either way.
    /// </summary>
    public IReadOnlyList<float[]>? StartingWeights { get; init; }

    /// <summary>
    /// Clips the gradients of all parameters together before each step (torch's clip_grad_norm_ over
    /// model.parameters(), or clip_grad_value_), the remedy for exploding gradients; null: no clipping.
    /// </summary>
    public GradientClipping? Clipping { get; init; }

    /// <summary>A folder to write a checkpoint into after every epoch.</summary>
    public string? CheckpointDirectory { get; init; }
    /// <summary>Continue from the checkpoint in <see cref="CheckpointDirectory"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>
    /// Training for <paramref name="epochs"/> epochs, ended early only by divergence (a loss that is not finite) or
    /// cancellation; add rules with <see cref="StoppingRules.With"/>.
    /// </summary>
    public static StoppingRules StopAfter(int epochs)
    {
        if (epochs < 1) throw new InputException($"{new ParameterName("epochs")} must be at least 1, not {epochs}");
        return new StoppingRules([new MaxIterations(epochs), new Divergence(), new Cancellation()]);
    }

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Stopping.NeedsGradient)
            throw new InputException("grad-tol cannot stop training: the gradient over all the data is never formed (use patience, f-tol or target)");
        if (BatchSize < 1) throw new InputException($"{new ParameterName("batch size")} must be at least 1, not {BatchSize}");
        if (Threads < 1 || Threads > 256) throw new InputException($"{new ParameterName("threads")} must be between 1 and 256, not {Threads}");
        if (Resume && CheckpointDirectory is null) throw new InputException($"{new ParameterName("resume")} needs {new ParameterName("checkpoint directory")}, the folder to resume from");
    }
}

/// <summary>
/// Watches training as it goes (a progress bar, a pruner); called on the training thread, so keep it cheap. As a
/// run's <see cref="Running.IRunObserver"/> is told about every iteration, this is told about every epoch.
/// </summary>
public interface ITrainingObserver
{
    /// <summary>After each batch: running mean loss and accuracy of the epoch so far, and throughput.</summary>
    void OnBatch(int epoch, int batch, int batches, double loss, double? accuracy, double samplesPerSecond);

    /// <summary>After each whole epoch (the trainer's iteration), before the stopping rules are checked.</summary>
    void OnIteration(EpochRecord epoch);
}
