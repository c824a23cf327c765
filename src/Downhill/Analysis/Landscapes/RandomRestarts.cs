using Downhill.Constraints;
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
    /// <summary>
    /// The box: where uniform starts are drawn, where a minimum must lie to count as one (an end point outside it is
    /// reported as having left the box), and with <see cref="Constrain"/> the bounds every run keeps to. Null: no box.
    /// </summary>
    public IReadOnlyList<(double Low, double High)>? Bounds { get; init; }
    /// <summary>
    /// Whether each run keeps to <see cref="Bounds"/>, where the method can (the first-order optimizers project their
    /// steps onto it, lbfgsb keeps to it): true by default, since the box is the problem; false lets the runs leave it
    /// (their end points outside it are then reported as having left it). A method that cannot keep to a box (newton,
    /// bfgs, lbfgs) runs free either way.
    /// </summary>
    public bool Constrain { get; init; } = true;
    /// <summary>Stopping rules and the rest; the trace is cut to its ends, since only end points are grouped.</summary>
    public RunOptions Run { get; init; } = RunOptions.Default;
    /// <summary>The distance tolerance that merges end points into one minimum (relative; see <see cref="MinimaGrouping"/>).</summary>
    public double Tolerance { get; init; } = MinimaGrouping.DefaultTolerance;
    /// <summary>At most this many runs at once; 0 uses every core. The report does not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>The most starts one search runs (each keeps its end point: about 100 bytes per start in 2-D).</summary>
    public const int MaxStarts = 1_000_000;

    internal void Validate()
    {
        if (Starts < 1 || Starts > MaxStarts) throw new InputException($"{new ParameterName("starts")} must be from 1 to {MaxStarts:N0}, not {Starts:N0}");
        if (Threads < 0) throw new InputException($"{new ParameterName("threads")} must be positive, not {Threads}");
    }
}

/// <summary>What a restart search found.</summary>
/// <param name="Runs">Every run, in start order.</param>
/// <param name="Minima">The distinct minima the converged runs reached, by ascending f.</param>
/// <param name="Labels">For each run, the index into <paramref name="Minima"/> it reached, or one of the negative
/// labels: <see cref="DivergedLabel"/>, <see cref="UnconvergedLabel"/>, <see cref="LeftBoxLabel"/>, <see cref="UnboundedLabel"/>.</param>
/// <param name="Box">The box a minimum must lie in (and the runs kept to, when <see cref="Constrained"/>), or null.</param>
/// <param name="Constrained">Whether the runs kept to <paramref name="Box"/>.</param>
public sealed record RestartReport(IReadOnlyList<RunResult> Runs, IReadOnlyList<FoundMinimum> Minima, IReadOnlyList<int> Labels,
    Bounds? Box = null, bool Constrained = false)
{
    /// <summary>The run blew up (f, x or ∇f not finite, or f past the divergence bound).</summary>
    public const int DivergedLabel = -1;
    /// <summary>The run stopped (max-iter, time limit) before a convergence rule was met.</summary>
    public const int UnconvergedLabel = -2;
    /// <summary>The run ended outside the box: wherever it stopped, it is not a point of the problem.</summary>
    public const int LeftBoxLabel = -3;
    /// <summary>f fell to <see cref="RandomRestarts.UnboundedBelow"/> or lower: the function is unbounded below along the run.</summary>
    public const int UnboundedLabel = -4;

    /// <summary>How many runs there were.</summary>
    public int Starts => Runs.Count;
    /// <summary>Runs that blew up.</summary>
    public int Diverged => Labels.Count(l => l == DivergedLabel);
    /// <summary>Runs that stopped without converging (inside the box).</summary>
    public int Unconverged => Labels.Count(l => l == UnconvergedLabel);
    /// <summary>Runs that ended outside the box (only runs not kept to it).</summary>
    public int LeftBox => Labels.Count(l => l == LeftBoxLabel);
    /// <summary>Runs whose f fell past <see cref="RandomRestarts.UnboundedBelow"/>.</summary>
    public int Unbounded => Labels.Count(l => l == UnboundedLabel);
    /// <summary>Runs that reached no minimum: diverged, unconverged, left the box or unbounded below.</summary>
    public int Failed => Labels.Count(l => l < 0);
    /// <summary>
    /// The run that ended lowest among those that converged to a minimum (or, if none did, among those that ended
    /// inside the box with a finite f above <see cref="RandomRestarts.UnboundedBelow"/>); null when there is none.
    /// Never a point outside the box.
    /// </summary>
    public RunResult? Best =>
        Runs.Where((r, k) => Labels[k] >= 0).MinBy(r => r.F)
        ?? Runs.Where((r, k) => Labels[k] == UnconvergedLabel).MinBy(r => r.F);
}

/// <summary>
/// The course's remedy for local minima: train again from other random starts and keep the best. Runs every start
/// (in parallel), then groups the end points into distinct minima with their basin shares.
/// </summary>
/// <remarks>
/// All starts are drawn before any run, each from its own keyed seed; results are kept by start index and grouped in
/// that order, so one thread and sixteen give the same report. With a box, only end points inside it can be minima:
/// by default (<see cref="RestartOptions.Constrain"/>) the runs keep to it (a minimum on its boundary is the box's, a KKT
/// point); free runs that end outside it are reported as having left it, and runs whose f falls past
/// <see cref="UnboundedBelow"/> as unbounded below, so the best is always a point of the box.
/// </remarks>
public static class RandomRestarts
{
    /// <summary>
    /// A run whose f reaches −10¹⁰⁰ (the divergence bound's mirror) or lower is reported as unbounded below, never as
    /// a minimum: no objective a user means to minimize takes such values.
    /// </summary>
    public const double UnboundedBelow = -1e100;

    /// <summary>Runs <paramref name="method"/> from every start and groups the end points that are minima inside the box.</summary>
    public static RestartReport Run(IObjective objective, IMethod method, RestartOptions options)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int n = objective.Dimension;
        var starts = Enumerable.Range(0, options.Starts)
            .Select(k => options.Init.Draw(n, options.Bounds, KeyedSeed.Derive(options.Seed, k))).ToArray();
        var box = options.Bounds is { } limits ? new Bounds(limits.Select(b => b.Low).ToArray(), limits.Select(b => b.High).ToArray()) : null;
        bool constrained = box is not null && CanKeepTo(method, options.Constrain);
        var run = constrained ? options.Run with { Bounds = box } : options.Run;
        var runs = ParallelRuns.Run(objective, starts.Length, k => starts[k], _ => method, run, options.Threads);
        var (minima, labels) = Group(runs, options.Tolerance, box);
        return new RestartReport(runs, minima, labels, box, constrained);
    }

    /// <summary>Whether runs of <paramref name="method"/> keep to a box when <paramref name="asked"/>: only a method that can.</summary>
    public static bool CanKeepTo(IMethod method, bool asked) => asked && method is IBoundConstrainedMethod;

    /// <summary>
    /// Groups converged end points (in run order) into minima; labels as in <see cref="RestartReport.Labels"/>. A run
    /// whose f fell to <see cref="UnboundedBelow"/> (or −∞) is unbounded below; one that ended outside
    /// <paramref name="box"/> left it; neither is a minimum.
    /// </summary>
    public static (IReadOnlyList<FoundMinimum> Minima, int[] Labels) Group(IReadOnlyList<RunResult> runs, double tolerance, Bounds? box = null)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var grouping = new MinimaGrouping(tolerance);
        var labels = new int[runs.Count];
        for (int k = 0; k < runs.Count; k++)
        {
            var run = runs[k];
            labels[k] = run.F <= UnboundedBelow || run.BestF <= UnboundedBelow ? RestartReport.UnboundedLabel
                : run.Stop == StopReason.Diverged || !double.IsFinite(run.F) ? RestartReport.DivergedLabel
                : box is not null && !box.Contains(run.X.ToArray()) ? RestartReport.LeftBoxLabel
                : !run.Stop.IsConverged() ? RestartReport.UnconvergedLabel
                : grouping.Add(run.X, run.F);
        }
        var (minima, rank) = grouping.Result(runs.Count);
        for (int k = 0; k < labels.Length; k++)
            if (labels[k] >= 0) labels[k] = rank[labels[k]];
        return (minima, labels);
    }
}
