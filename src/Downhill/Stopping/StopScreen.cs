using System.Runtime.CompilerServices;

namespace Downhill.Stopping;

/// <summary>
/// The thresholds of a set of rules gathered into one value, so that a loop tells in a few comparisons, without asking
/// each rule in turn, whether any may be met; only then it asks the rules which (<see cref="StoppingRules.FirstMet"/>).
/// Each rule adds its threshold (<see cref="StoppingRule.AddTo"/>); one that is absent leaves a value no progress meets.
/// </summary>
/// <remarks>
/// The screen may pass where no rule is met (the rules then say none is), never the other way round: it answers
/// whether a rule may be met, the rules whether one is.
/// </remarks>
internal struct StopScreen()
{
    /// <summary>max-iter: met from this iteration on.</summary>
    public long Iterations = long.MaxValue;
    /// <summary>grad-tol: met at ‖∇f‖₂ at most this.</summary>
    public double GradientNorm = double.NegativeInfinity;
    /// <summary>grad-tol with the max norm: met at ‖∇f‖∞ at most this.</summary>
    public double GradientMaxNorm = double.NegativeInfinity;
    /// <summary>target: met at f at most this.</summary>
    public double F = double.NegativeInfinity;
    /// <summary>divergence: met at f above this, or at a non-finite value when <see cref="NonFinite"/>.</summary>
    public double FAbove = double.PositiveInfinity;
    /// <summary>divergence: met where f, x or ∇f is not finite.</summary>
    public bool NonFinite;
    /// <summary>f-tol: met at a relative change of f at most this (negative: no f-tol, the change is not computed).</summary>
    public double RelativeFChange = -1;
    /// <summary>x-tol: met at a step at most this long.</summary>
    public double StepLength = double.NegativeInfinity;
    /// <summary>patience: met after this many iterations without progress.</summary>
    public long IterationsWithoutProgress = long.MaxValue;
    /// <summary>time-limit: met after this many seconds.</summary>
    public double Seconds = double.PositiveInfinity;
    /// <summary>cancellation: met once cancellation is requested.</summary>
    public bool Cancellation;

    /// <summary>
    /// The squared thresholds of grad-tol and x-tol, for a loop that screens the sums of squares and takes the roots
    /// only when the screen passes (the overload of <c>MayBeMet</c> on raw measures).
    /// Widened by 10⁻¹⁴ relative, so that no ‖·‖ the rule would find at most its tolerance has a sum of squares above
    /// the square (rounding of the root and of the square); the screen may pass where the rule is then not met.
    /// </summary>
    public readonly (double GradientNorm, double StepLength) Squares =>
        (GradientNorm < 0 ? double.NegativeInfinity : GradientNorm * GradientNorm * (1 + 1e-14),
         StepLength < 0 ? double.NegativeInfinity : StepLength * StepLength * (1 + 1e-14));

    /// <summary>
    /// Whether some rule may be met at progress given by its raw measures: the sums of squares of the gradient (or
    /// projected gradient) and of the step instead of their norms, against <paramref name="squares"/> (<see cref="Squares"/>).
    /// Passes wherever <see cref="MayBeMet(in RunProgress)"/> passes on the progress made of the same measures.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool MayBeMet(long iteration, double f, double previousF, double gradientSquares, double gradientLargest,
        bool finite, double stepSquares, long withoutProgress, double elapsed, bool cancellation, (double GradientNorm, double StepLength) squares) =>
        iteration >= Iterations
        || gradientSquares <= squares.GradientNorm
        || gradientLargest <= GradientMaxNorm
        || f <= F
        || f > FAbove
        || (NonFinite && !finite)
        || stepSquares <= squares.StepLength
        || withoutProgress >= IterationsWithoutProgress
        || elapsed >= Seconds
        || (Cancellation && cancellation)
        || (RelativeFChange >= 0 && Math.Abs(previousF - f) / Math.Max(Math.Max(Math.Abs(previousF), Math.Abs(f)), 1.0) <= RelativeFChange);

    /// <summary>Whether some rule of the set may be met at <paramref name="progress"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool MayBeMet(in RunProgress progress) =>
        progress.Iteration >= Iterations
        || progress.GradientNorm <= GradientNorm
        || progress.GradientMaxNorm <= GradientMaxNorm
        || progress.F <= F
        || progress.F > FAbove
        || (NonFinite && progress.NonFinite != Stopping.NonFinite.None)
        || progress.StepLength <= StepLength
        || progress.IterationsWithoutProgress >= IterationsWithoutProgress
        || progress.ElapsedSeconds >= Seconds
        || (Cancellation && progress.CancellationRequested)
        || (RelativeFChange >= 0 && progress.RelativeFChange <= RelativeFChange);
}
