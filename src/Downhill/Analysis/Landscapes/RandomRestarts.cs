using Downhill.Functions;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Analysis.Landscapes;

/// <summary>Settings of a random-restart search.</summary>
public sealed record RestartOptions
{
    /// <summary>How many starts.</summary>
    public int Starts { get; init; } = 100;
    /// <summary>Start k is drawn from the seed <see cref="KeyedSeed.Derive"/>(Seed, k).</summary>
    public long Seed { get; init; }
    /// <summary>How starts are drawn (Gaussian by default; uniform within <see cref="Bounds"/>).</summary>
    public StartingPoint Init { get; init; } = StartingPoint.Default;
    /// <summary>The box for uniform starts, or null.</summary>
    public IReadOnlyList<(double Low, double High)>? Bounds { get; init; }
    /// <summary>Stopping rules and the rest; the trace is cut to its ends, since only end points are grouped.</summary>
    public RunOptions Run { get; init; } = RunOptions.Default;
    /// <summary>The distance tolerance that merges end points into one minimum (relative; see <see cref="MinimaGrouping"/>).</summary>
    public double Tolerance { get; init; } = MinimaGrouping.DefaultTolerance;
    /// <summary>At most this many runs at once; 0 uses every core. The report does not depend on it.</summary>
    public int Threads { get; init; }

    internal void Validate()
    {
        if (Starts < 1) throw new InputException($"{new ParameterName("starts")} must be at least 1, not {Starts}");
        if (Threads < 0) throw new InputException($"{new ParameterName("threads")} must be positive, not {Threads}");
    }
}

/// <summary>What a restart search found.</summary>
/// <param name="Runs">Every run, in start order.</param>
/// <param name="Minima">The distinct minima the converged runs reached, by ascending f.</param>
/// <param name="Labels">For each run, the index into <paramref name="Minima"/> it reached, or −1 (diverged) or −2 (not converged).</param>
public sealed record RestartReport(IReadOnlyList<RunResult> Runs, IReadOnlyList<FoundMinimum> Minima, IReadOnlyList<int> Labels)
{
    public const int DivergedLabel = -1;
    public const int UnconvergedLabel = -2;

    public int Starts => Runs.Count;
    public int Diverged => Labels.Count(l => l == DivergedLabel);
    public int Unconverged => Labels.Count(l => l == UnconvergedLabel);
    /// <summary>Runs that diverged or stopped without converging.</summary>
    public int Failed => Diverged + Unconverged;
    /// <summary>The run that ended lowest among those that converged (or, if none did, among those with a finite f); null when all diverged.</summary>
    public RunResult? Best =>
        Runs.Where((r, k) => Labels[k] >= 0).MinBy(r => r.F)
        ?? Runs.Where(r => r.Stop != StopReason.Diverged && double.IsFinite(r.F)).MinBy(r => r.F);
}

/// <summary>
/// The course's remedy for local minima: train again from other random starts and keep the best. Runs every start
/// (in parallel), then groups the end points into distinct minima with their basin shares.
/// </summary>
/// <remarks>
/// All starts are drawn before any run, each from its own keyed seed; results are kept by start index and grouped in
/// that order, so one thread and sixteen give the same report.
/// </remarks>
public static class RandomRestarts
{
    public static RestartReport Run(IObjective objective, IMethod method, RestartOptions options)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(method);
        options.Validate();
        int n = objective.Dimension;
        var starts = Enumerable.Range(0, options.Starts)
            .Select(k => options.Init.Draw(n, options.Bounds, KeyedSeed.Derive(options.Seed, k))).ToArray();
        var runs = ParallelRuns.Run(objective, starts.Length, k => starts[k], _ => method, options.Run, options.Threads);
        var (minima, labels) = Group(runs, options.Tolerance);
        return new RestartReport(runs, minima, labels);
    }

    /// <summary>Groups converged end points (in run order) into minima; labels as in <see cref="RestartReport.Labels"/>.</summary>
    public static (IReadOnlyList<FoundMinimum> Minima, int[] Labels) Group(IReadOnlyList<RunResult> runs, double tolerance)
    {
        var grouping = new MinimaGrouping(tolerance);
        var labels = new int[runs.Count];
        for (int k = 0; k < runs.Count; k++)
        {
            var run = runs[k];
            labels[k] = run.Stop == StopReason.Diverged || !double.IsFinite(run.F) ? RestartReport.DivergedLabel
                : !run.Stop.IsConverged() ? RestartReport.UnconvergedLabel
                : grouping.Add(run.X, run.F);
        }
        var (minima, rank) = grouping.Result(runs.Count);
        for (int k = 0; k < labels.Length; k++)
            if (labels[k] >= 0) labels[k] = rank[labels[k]];
        return (minima, labels);
    }
}
