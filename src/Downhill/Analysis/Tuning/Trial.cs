using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Analysis.Tuning;

/// <summary>Which evaluation to run: its place in the study, its settings, its seed and its share of the budget.</summary>
/// <param name="Number">The trial's number in the study, 0-based: round × trials per round + index.</param>
/// <param name="Round">0-based round.</param>
/// <param name="Index">0-based index within the round.</param>
/// <param name="Rung">Successive-halving rung (0 without halving); the budget share is <see cref="BudgetShare"/>.</param>
/// <param name="Settings">One value per searched hyperparameter, in the ranges' order.</param>
/// <param name="BudgetShare">The fraction of the full budget this evaluation may use (1 without halving).</param>
/// <param name="Seed">The trial's own seed (keyed on the study's seed, round and index), for whatever it draws at random.</param>
public sealed record TrialRequest(int Number, int Round, int Index, int Rung, IReadOnlyList<Setting> Settings, double BudgetShare, ulong Seed)
{
    /// <summary>The settings as <c>name=value,…</c>: how a trial is recognised in storage.</summary>
    public string SettingsText => string.Join(",", Settings.Select(s => s.ToString()));
}

/// <summary>The outcome of one evaluation: its score (the metric; NaN or infinity rank last) and why the run stopped.</summary>
/// <param name="Score">The metric the study ranks by (lower is better unless the study maximizes).</param>
/// <param name="Stop">Why the evaluation ended ("max-iter", "diverged", "pruned", …).</param>
public sealed record TrialOutcome(double Score, string Stop)
{
    /// <summary>Stopped early by the study's pruning rule; <see cref="Score"/> is its last reported metric.</summary>
    public bool Pruned { get; init; }

    /// <summary>
    /// The outcome of a trial that is one run (tune over a function, the tour's tuning lesson): it scores f at the end
    /// (see <see cref="Scored"/>: a diverged run scores +∞, which ranks last).
    /// </summary>
    public static TrialOutcome OfRun(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Scored(run.F, run.Stop, maximize: false);
    }

    /// <summary>
    /// The outcome of a run that stopped for <paramref name="stop"/> with <paramref name="score"/>: one definition for
    /// every kind of trial. A run that diverged, or whose score is not finite (NaN included), scores the worst value
    /// in the study's direction, +∞ when it minimizes and −∞ when it maximizes, which ranks last either way.
    /// </summary>
    public static TrialOutcome Scored(double score, StopReason stop, bool maximize) =>
        new(stop == StopReason.Diverged || !double.IsFinite(score) ? maximize ? double.NegativeInfinity : double.PositiveInfinity : score,
            stop.ToName());
}

/// <summary>Where a trial stands in a study.</summary>
public enum TrialState
{
    /// <summary>Waiting for a worker.</summary>
    Queued,
    /// <summary>A worker holds it and renews its lease.</summary>
    Running,
    /// <summary>Ran to its end; its score counts.</summary>
    Finished,
    /// <summary>Stopped early by the pruning rule, with its last metric.</summary>
    Pruned,
    /// <summary>Its workers died more often than the study retries.</summary>
    Failed,
}

/// <summary>An evaluation of a study: its request, outcome, and how it went.</summary>
/// <param name="Request">What was run.</param>
/// <param name="Outcome">Its score and stop reason (for a failed trial: NaN and the reason).</param>
/// <param name="Stored">Whether it was read from storage (finished before this process joined) rather than run here.</param>
public sealed record Trial(TrialRequest Request, TrialOutcome Outcome, bool Stored)
{
    /// <summary>The trial's hyperparameter values.</summary>
    public IReadOnlyList<Setting> Settings => Request.Settings;
    /// <summary>The trial's score (see <see cref="TrialOutcome.Score"/>).</summary>
    public double Score => Outcome.Score;
    /// <summary>Where the trial stands in its study.</summary>
    public TrialState State { get; init; } = TrialState.Finished;
    /// <summary>The metric reported after each epoch (training trials), in epoch order.</summary>
    public IReadOnlyList<double> Reports { get; init; } = [];
    /// <summary>The worker that ran it last (host:process:thread).</summary>
    public string? Worker { get; init; }
    /// <summary>How many times a worker claimed it (more than 1: a worker died holding it).</summary>
    public int Attempts { get; init; } = 1;
    /// <summary>When a worker started it, if stored.</summary>
    public DateTimeOffset? Started { get; init; }
    /// <summary>When it ended, if stored.</summary>
    public DateTimeOffset? Ended { get; init; }
    /// <summary>Seconds the evaluation ran.</summary>
    public double Seconds { get; init; }

    /// <summary>
    /// Ranking key: higher rung first, then finished before pruned before failed, then the better score (non-finite
    /// last), then the earlier draw.
    /// </summary>
    public static int Compare(Trial a, Trial b, bool maximize)
    {
        if (a.Request.Rung != b.Request.Rung) return b.Request.Rung.CompareTo(a.Request.Rung);
        if (a.State != b.State) return Standing(a.State).CompareTo(Standing(b.State));
        double sa = Key(a.Score, maximize), sb = Key(b.Score, maximize);
        if (sa != sb) return sa.CompareTo(sb);
        return a.Request.Number.CompareTo(b.Request.Number);
    }

    /// <summary>The order of <see cref="Compare(Trial, Trial, bool)"/>.</summary>
    public static IComparer<Trial> Ranking(bool maximize) => Comparer<Trial>.Create((a, b) => Compare(a, b, maximize));

    private static int Standing(TrialState state) => state switch
    {
        TrialState.Finished => 0,
        TrialState.Pruned => 1,
        _ => 2,
    };

    private static double Key(double score, bool maximize) =>
        !double.IsFinite(score) ? double.PositiveInfinity : maximize ? -score : score;
}

/// <summary>One round: the ranges it drew from and its trials (each at the highest rung it reached), in draw order.</summary>
public sealed record TuneRound(IReadOnlyList<SearchRange> Ranges, IReadOnlyList<Trial> Trials);

/// <summary>
/// A whole study: its rounds, the best trial over all of them, how many evaluations this process ran, and how many it
/// found finished when it joined.
/// </summary>
public sealed record TuneReport(IReadOnlyList<TuneRound> Rounds, Trial Best, int Evaluated, int Loaded)
{
    /// <summary>Trials over all rounds.</summary>
    public int Trials => Rounds.Sum(r => r.Trials.Count);

    /// <summary>Whether a higher score is better (the study maximizes its metric).</summary>
    public bool Maximize { get; init; }
}
