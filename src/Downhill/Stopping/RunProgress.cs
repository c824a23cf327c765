namespace Downhill.Stopping;

/// <summary>Which part of an iterate stopped being finite, when one did.</summary>
public enum NonFinite
{
    /// <summary>Everything is finite.</summary>
    None,
    /// <summary>f is not finite.</summary>
    F,
    /// <summary>Some xᵢ is not finite.</summary>
    X,
    /// <summary>Some component of ∇f is not finite.</summary>
    Gradient,
}

/// <summary>
/// What the run loop measured after an iteration: everything a stopping rule looks at. A value, so checking the
/// rules allocates nothing.
/// </summary>
/// <param name="Iteration">Steps taken so far (0 at the start).</param>
/// <param name="F">f at the current point.</param>
/// <param name="PreviousF">f one iteration back; NaN at the start.</param>
/// <param name="GradientNorm">‖∇f‖₂ at the current point (of the projected gradient when <paramref name="GradientProjected"/>).</param>
/// <param name="GradientMaxNorm">‖∇f‖∞ at the current point (likewise).</param>
/// <param name="StepLength">‖x_k − x_{k−1}‖₂; NaN at the start.</param>
/// <param name="IterationsWithoutProgress">Iterations since the best f last improved by more than the patience rule's min-delta.</param>
/// <param name="ElapsedSeconds">Wall time since the run started (measured only when a time limit is set; else 0).</param>
/// <param name="CancellationRequested">Whether the caller asked the run to stop.</param>
/// <param name="NonFinite">Which of f, x, ∇f is not finite, or <see cref="Stopping.NonFinite.None"/>.</param>
/// <param name="GradientProjected">Whether the run has bounds, so that the gradient norms are those of the projected
/// gradient x − P(x − ∇f).</param>
public readonly record struct RunProgress(
    long Iteration,
    double F,
    double PreviousF,
    double GradientNorm,
    double GradientMaxNorm,
    double StepLength,
    long IterationsWithoutProgress,
    double ElapsedSeconds,
    bool CancellationRequested,
    NonFinite NonFinite,
    bool GradientProjected = false)
{
    /// <summary>|f_{k−1} − f_k| / max(|f_{k−1}|, |f_k|, 1) — SciPy L-BFGS-B's measure; NaN at the start.</summary>
    public double RelativeFChange => Math.Abs(PreviousF - F) / Math.Max(Math.Max(Math.Abs(PreviousF), Math.Abs(F)), 1.0);
}
