using Downhill.Learning.Models;

namespace Downhill.Learning.Training;

/// <summary>
/// How to train: epochs, batch size (1 is stochastic gradient descent, the whole training set is gradient
/// descent), seed, threads, learning-rate schedule, stopping rules and checkpoints.
/// </summary>
public sealed record TrainingOptions
{
    public int Epochs { get; init; } = 10;
    public int BatchSize { get; init; } = 32;
    /// <summary>Seeds the weights and the order of the data; the same seed gives the same run whatever the threads.</summary>
    public ulong Seed { get; init; }
    public int Threads { get; init; } = 1;
    /// <summary>Null: the model's default, torch (PyTorch's nn.Linear default).</summary>
    public Initializer? Initializer { get; init; }
    public string Schedule { get; init; } = "constant";
    /// <summary>Stop when the validation loss (training loss without a validation split) has not improved by more
    /// than <see cref="MinDelta"/> for this many epochs.</summary>
    public int? Patience { get; init; }
    public double MinDelta { get; init; }
    /// <summary>Stop once the validation (or training) loss is at or below this.</summary>
    public double? TargetLoss { get; init; }
    /// <summary>Stop after the first epoch that ends past this much training time.</summary>
    public TimeSpan? TimeLimit { get; init; }
    /// <summary>A folder to write a checkpoint into after every epoch.</summary>
    public string? CheckpointDirectory { get; init; }
    /// <summary>Continue from the checkpoint in <see cref="CheckpointDirectory"/>.</summary>
    public bool Resume { get; init; }

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Epochs < 1) throw new InputException($"--epochs must be at least 1, not {Epochs}");
        if (BatchSize < 1) throw new InputException($"--batch must be at least 1, not {BatchSize}");
        if (Threads < 1 || Threads > 256) throw new InputException($"--threads must be between 1 and 256, not {Threads}");
        if (Patience is < 1) throw new InputException($"--patience must be at least 1 epoch, not {Patience}");
        if (TimeLimit is { } t && t <= TimeSpan.Zero) throw new InputException("--time-limit must be positive");
        if (Resume && CheckpointDirectory is null) throw new InputException("--resume needs --checkpoint DIR");
    }
}

/// <summary>Watches training as it goes (a progress bar); called on the training thread, so keep it cheap.</summary>
public interface ITrainingObserver
{
    /// <summary>After each batch: running mean loss and accuracy of the epoch so far, and throughput.</summary>
    void OnBatch(int epoch, int batch, int batches, double loss, double? accuracy, double samplesPerSecond);

    void OnEpoch(EpochRecord record);
}
