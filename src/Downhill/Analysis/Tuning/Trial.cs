namespace Downhill.Analysis.Tuning;

/// <summary>Which trial to run: its place in the study, its settings and its share of the budget.</summary>
/// <param name="Round">0-based round.</param>
/// <param name="Index">0-based index within the round.</param>
/// <param name="Rung">Successive-halving rung (0 without halving); the budget share is <see cref="BudgetShare"/>.</param>
/// <param name="Settings">One value per searched hyperparameter, in the ranges' order.</param>
/// <param name="BudgetShare">The fraction of the full budget this evaluation may use (1 without halving).</param>
public sealed record TrialRequest(int Round, int Index, int Rung, IReadOnlyList<KeyValuePair<string, double>> Settings, double BudgetShare);

/// <summary>The outcome of one evaluation: its score (lower is better; NaN or infinity rank last) and why the run stopped.</summary>
public sealed record TrialOutcome(double Score, string Stop);

/// <summary>A finished trial: its request, outcome, and whether it came from the study file rather than being run now.</summary>
public sealed record Trial(TrialRequest Request, TrialOutcome Outcome, bool Stored)
{
    public IReadOnlyList<KeyValuePair<string, double>> Settings => Request.Settings;
    public double Score => Outcome.Score;

    /// <summary>Ranking key: higher rung first, then lower score (non-finite last), then earlier draw.</summary>
    internal static int Compare(Trial a, Trial b)
    {
        if (a.Request.Rung != b.Request.Rung) return b.Request.Rung.CompareTo(a.Request.Rung);
        double sa = double.IsFinite(a.Score) ? a.Score : double.PositiveInfinity;
        double sb = double.IsFinite(b.Score) ? b.Score : double.PositiveInfinity;
        if (sa != sb) return sa.CompareTo(sb);
        if (a.Request.Round != b.Request.Round) return a.Request.Round.CompareTo(b.Request.Round);
        return a.Request.Index.CompareTo(b.Request.Index);
    }
}

/// <summary>One round: the ranges it drew from and its trials (each at the highest rung it reached), in draw order.</summary>
public sealed record TuneRound(IReadOnlyList<SearchRange> Ranges, IReadOnlyList<Trial> Trials);

/// <summary>A whole study: its rounds, the best trial over all of them, and how many evaluations ran now versus came from storage.</summary>
public sealed record TuneReport(IReadOnlyList<TuneRound> Rounds, Trial Best, int Evaluated, int Loaded)
{
    /// <summary>Trials over all rounds.</summary>
    public int Trials => Rounds.Sum(r => r.Trials.Count);
}

/// <summary>Settings of a random search with narrowing ranges.</summary>
public sealed record TuneOptions
{
    /// <summary>Trials drawn in each round.</summary>
    public int TrialsPerRound { get; init; } = 30;
    public int Rounds { get; init; } = 3;
    /// <summary>Share of the best trials (over all rounds so far) whose values the next round's ranges are narrowed to.</summary>
    public double Keep { get; init; } = 0.2;
    /// <summary>Successive halving within each round: all trials at ¼ budget, the best half at ½, the best quarter at the full budget.</summary>
    public bool Halving { get; init; }
    public long Seed { get; init; }
    /// <summary>At most this many trials run at once; 0 uses every core. The study does not depend on it.</summary>
    public int Threads { get; init; }

    internal const int HalvingRungs = 3;

    internal void Validate()
    {
        if (TrialsPerRound < 1) throw new InputException($"{new ParameterName("trials per round")} must be at least 1, not {TrialsPerRound}");
        if (Rounds < 1) throw new InputException($"{new ParameterName("rounds")} must be at least 1, not {Rounds}");
        if (!(Keep > 0 && Keep <= 1)) throw new InputException($"{new ParameterName("keep")} must be in (0, 1], not {Keep}");
        if (Threads < 0) throw new InputException($"{new ParameterName("threads")} must be positive, not {Threads}");
    }

    /// <summary>The settings that decide which trials a study runs, as stored with it (thread count excluded: it changes nothing).</summary>
    internal string Describe() =>
        FormattableString.Invariant($"trials={TrialsPerRound} rounds={Rounds} keep={Keep:R} halving={Halving} seed={Seed}");
}
