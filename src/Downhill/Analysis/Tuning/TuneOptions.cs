namespace Downhill.Analysis.Tuning;

/// <summary>Settings of a random search with narrowing ranges: the ones that decide which trials a study runs.</summary>
public sealed record TuneOptions
{
    /// <summary>Trials drawn in each round.</summary>
    public int TrialsPerRound { get; init; } = 30;
    /// <summary>Rounds of narrowing.</summary>
    public int Rounds { get; init; } = 3;
    /// <summary>Share of the best trials (over all rounds so far) whose values the next round's ranges are narrowed to.</summary>
    public double Keep { get; init; } = 0.2;
    /// <summary>Successive halving within each round: all trials at ¼ budget, the best half at ½, the best quarter at the full budget.</summary>
    public bool Halving { get; init; }
    /// <summary>The study's seed: every trial's seed and draws derive from it.</summary>
    public long Seed { get; init; }
    /// <summary>At most this many trials run at once in this process; 0 uses every core. The study does not depend on it.</summary>
    public int Threads { get; init; }
    /// <summary>A higher score is better (accuracy) rather than a lower one (loss, f).</summary>
    public bool Maximize { get; init; }
    /// <summary>How trials that report a metric after every epoch are stopped early.</summary>
    public Pruning Pruning { get; init; } = Pruning.None;
    /// <summary>How often a trial whose worker died is queued again before it counts as failed.</summary>
    public int Retries { get; init; } = 2;

    internal const int HalvingRungs = 3;

    /// <summary>
    /// The largest study: trials per round × rounds. A study keeps every trial's settings and result (about 1.1 KB a
    /// trial in memory: 91 MB at 10,000 trials, 191 MB at 100,000), so 1,000,000 is about 1.2 GB.
    /// </summary>
    public const int MaxTrials = 1_000_000;

    /// <summary>Every trial of the study: trials per round × rounds.</summary>
    public int TotalTrials => TrialsPerRound * Rounds;

    /// <summary>Throws an <see cref="InputException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (TrialsPerRound < 1) throw new InputException($"{new ParameterName("trials per round")} must be at least 1, not {TrialsPerRound}");
        if (Rounds < 1) throw new InputException($"{new ParameterName("rounds")} must be at least 1, not {Rounds}");
        if ((long)TrialsPerRound * Rounds > MaxTrials)
            throw new InputException($"{new ParameterName("trials per round")} × {new ParameterName("rounds")} must be at most {MaxTrials:N0}, not {(long)TrialsPerRound * Rounds:N0}");
        if (!(Keep > 0 && Keep <= 1)) throw new InputException($"{new ParameterName("keep")} must be in (0, 1], not {Keep}");
        if (Threads < 0) throw new InputException($"{new ParameterName("threads")} must be positive, not {Threads}");
        if (Retries is < 0 or > 100) throw new InputException($"{new ParameterName("retries")} must be between 0 and 100, not {Retries}");
        if (Halving && Pruning.Rule != PruningRule.None)
            throw new InputException($"{new ParameterName("successive halving")} and {new ParameterName("pruning")} are two ways to cut trials short: choose one");
    }

    /// <summary>The settings that decide which trials a study runs, as stored with it (thread count excluded: it changes nothing).</summary>
    public string Describe() =>
        FormattableString.Invariant($"trials={TrialsPerRound} rounds={Rounds} keep={Keep:R} halving={Halving} seed={Seed}") +
        $" metric={(Maximize ? "maximize" : "minimize")} pruning={Pruning} retries={Retries}";
}
