namespace Downhill.Studies;

/// <summary>How one process works on a study: its worker threads, its name, and how it keeps its claims alive.</summary>
/// <remarks>None of these change which trials a study runs or what they score.</remarks>
public sealed record WorkerOptions
{
    /// <summary>Trials this process runs at once; 0 uses every core.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>How often a running trial's lease is renewed, from a thread of its own.</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a lease lasts without renewal before other workers take the trial back; null: three heartbeats.</summary>
    public TimeSpan? Grace { get; init; }

    /// <summary>The worker's name in storage; its threads add ":1", ":2", ….</summary>
    public string Name { get; init; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The longest pause between two looks at a study that has nothing to claim (the pauses start short and double).</summary>
    public TimeSpan MaxPoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Trials this process runs at once: <see cref="Threads"/>, or every core for 0.</summary>
    public int ThreadCount => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>The lease a claim holds.</summary>
    public TimeSpan Lease => Grace ?? 3 * Heartbeat;

    /// <summary>Throws an <see cref="InputException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Threads < 0) throw new InputException($"{new ParameterName("threads")} must be positive, not {Threads}");
        if (!(Heartbeat > TimeSpan.Zero && Heartbeat <= TimeSpan.FromHours(1)))
            throw new InputException($"{new ParameterName("heartbeat")} must be between 0 and 3600 seconds, not {Heartbeat.TotalSeconds}");
        if (Grace is { } grace && !(grace > Heartbeat && grace <= TimeSpan.FromDays(1)))
            throw new InputException($"{new ParameterName("grace period")} must be longer than {new ParameterName("heartbeat")} ({Heartbeat.TotalSeconds} s) and at most 86400, not {grace.TotalSeconds}");
        StudyDefinition.CheckName(Name);
    }
}
