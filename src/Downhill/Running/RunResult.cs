using Downhill.Constraints;
using Downhill.Specs;
using Downhill.Stopping;

namespace Downhill.Running;

/// <summary>One recorded iterate: the point after <see cref="Iteration"/> steps (0 is the start).</summary>
public sealed record TraceEntry(long Iteration, IReadOnlyList<double> X, double F, double GradientNorm, double LearningRate)
{
    /// <summary>
    /// The optimizer's declared state after those steps (<see cref="RunOptions.TraceState"/>): its scalars after the
    /// step count, then its per-parameter buffers, by torch's names; null when not asked for or the method declares none.
    /// </summary>
    public IReadOnlyList<TraceStatePart>? State { get; init; }
}

/// <summary>
/// One declared part of an optimizer's state in a trace entry: a scalar (NAdam's <c>mu_product</c>: one value) or a
/// per-parameter buffer (<c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>, …: one value per parameter).
/// </summary>
public sealed record TraceStatePart(string Name, bool IsScalar, IReadOnlyList<double> Values);

/// <summary>How many times the run evaluated f, ∇f and ∇²f.</summary>
public sealed record EvaluationCounts(long Function, long Gradient, long Hessian);

/// <summary>Where the exact minimizer near the result is known: how far the run ended from it.</summary>
public sealed record MinimumDistance(IReadOnlyList<double> Minimizer, double FAtMinimizer, double Distance, double Gap);

/// <summary>Something that held a run back, with its evidence (plateau, vanishing-gradient, diverging, zigzag, saddle).</summary>
public sealed record Diagnostic(string Kind, long Iteration, string Evidence);

/// <summary>The outcome of one run: an immutable value.</summary>
public sealed record RunResult
{
    /// <summary>The function's name.</summary>
    public required string Function { get; init; }
    /// <summary>The method's name.</summary>
    public required string Method { get; init; }
    /// <summary>The method's hyperparameters in effect.</summary>
    public required IReadOnlyList<Hyperparameter> Hyperparameters { get; init; }
    /// <summary>The start.</summary>
    public required IReadOnlyList<double> Start { get; init; }
    /// <summary>The last point.</summary>
    public required IReadOnlyList<double> X { get; init; }
    /// <summary>f at the end.</summary>
    public required double F { get; init; }
    /// <summary>‖∇f‖₂ at the end (of the projected gradient with bounds).</summary>
    public required double GradientNorm { get; init; }
    /// <summary>The point of lowest finite f seen.</summary>
    public required IReadOnlyList<double> BestX { get; init; }
    /// <summary>The lowest finite f seen.</summary>
    public required double BestF { get; init; }
    /// <summary>Iterations taken.</summary>
    public required long Iterations { get; init; }
    /// <summary>Evaluations of f, ∇f and ∇²f.</summary>
    public required EvaluationCounts Evaluations { get; init; }
    /// <summary>The rule that stopped the run.</summary>
    public required StopReason Stop { get; init; }
    /// <summary>Why, in words, e.g. "f is NaN at iteration 12".</summary>
    public required string StopDetail { get; init; }
    /// <summary>The iteration where the run diverged, when it did.</summary>
    public long? DivergedAt { get; init; }
    /// <summary>Every stopping rule's measured value beside its threshold at the end.</summary>
    public required IReadOnlyList<StopCheck> Checks { get; init; }
    /// <summary>Wall time of the run.</summary>
    public required TimeSpan Elapsed { get; init; }
    /// <summary>Recorded iterates; always holds the start and the end.</summary>
    public required IReadOnlyList<TraceEntry> Trace { get; init; }
    /// <summary>Notes from the method (e.g. Newton's fallback when the Hessian is not positive definite).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
    /// <summary>How many steps had their gradient clipped before the step; null when the method did not clip.</summary>
    public long? ClippedSteps { get; init; }
    /// <summary>The bounds the run kept to, or null.</summary>
    public Bounds? Bounds { get; init; }
    /// <summary>The bounds the last point rests on (empty without bounds).</summary>
    public IReadOnlyList<ActiveBound> ActiveBounds { get; init; } = [];
    /// <summary>How far the end is from the nearest known or polished minimum, when measured.</summary>
    public MinimumDistance? ToMinimum { get; init; }
    /// <summary>What held the run back, when diagnosed.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];
}
