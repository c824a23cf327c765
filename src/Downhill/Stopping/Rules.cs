namespace Downhill.Stopping;

/// <summary>Stop after <see cref="Limit"/> iterations (max-iter).</summary>
public sealed record MaxIterations : StoppingRule
{
    /// <summary>Stop after <paramref name="limit"/> iterations.</summary>
    public MaxIterations(long limit)
    {
        if (limit < 0) throw new InputException($"{new ParameterName("max-iter")} must be 0 or more, not {limit}");
        Limit = limit;
    }

    /// <summary>The most iterations.</summary>
    public long Limit { get; }
    /// <inheritdoc/>
    public override StopReason Reason => StopReason.MaxIter;
    /// <inheritdoc/>
    public override double Threshold => Limit;
    internal override int Priority => 7;
    internal override long IterationLimit => Limit;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.Iteration;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.Iteration >= Limit;
    internal override void AddTo(ref StopScreen screen) => screen.Iterations = Math.Min(screen.Iterations, Limit);
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) => $"all {Limit} {terms.Iterations} done";
}

/// <summary>Which norm a gradient tolerance measures.</summary>
public enum GradientNormKind
{
    /// <summary>‖∇f‖₂, the default.</summary>
    Euclidean,
    /// <summary>‖∇f‖∞ = max |∂f/∂xᵢ| (SciPy's and torch's L-BFGS tests).</summary>
    Max,
}

/// <summary>
/// Stop when ‖∇f‖ ≤ <see cref="ToleranceRule.Tolerance"/> (grad-tol): the first-order condition of a minimum. With bounds the norm is
/// the projected gradient's, ‖x − P(x − ∇f)‖ (SciPy's pgtol in the max norm), the first-order condition on a box.
/// </summary>
public sealed record GradientTolerance : ToleranceRule
{
    /// <summary>Stop when ‖∇f‖ ≤ <paramref name="tolerance"/>, in <paramref name="norm"/>.</summary>
    public GradientTolerance(double tolerance, GradientNormKind norm = GradientNormKind.Euclidean)
        : base(tolerance, new ParameterName("grad-tol"), zeroMeans: "turns the rule off") => Norm = norm;

    /// <summary>Which norm of the gradient is measured.</summary>
    public GradientNormKind Norm { get; }
    /// <inheritdoc/>
    public override StopReason Reason => StopReason.GradTol;
    internal override int Priority => 1;
    internal override bool NeedsGradient => true;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) =>
        Norm == GradientNormKind.Max ? progress.GradientMaxNorm : progress.GradientNorm;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => Measure(progress) <= Tolerance;
    internal override void AddTo(ref StopScreen screen)
    {
        if (Norm == GradientNormKind.Max) screen.GradientMaxNorm = Math.Max(screen.GradientMaxNorm, Tolerance);
        else screen.GradientNorm = Math.Max(screen.GradientNorm, Tolerance);
    }
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"{(progress.GradientProjected ? "‖proj ∇f‖" : "‖∇f‖")}{(Norm == GradientNormKind.Max ? "∞" : "")} = {Format(Measure(progress))} ≤ {Format(Tolerance)}";
}

/// <summary>
/// Stop when the relative change of f, |f_{k−1} − f_k| / max(|f_{k−1}|, |f_k|, 1), falls to <see cref="ToleranceRule.Tolerance"/> (f-tol).
/// </summary>
public sealed record FunctionTolerance : ToleranceRule
{
    /// <summary>Stop when |Δf| / max(|f|, 1) ≤ <paramref name="tolerance"/>.</summary>
    public FunctionTolerance(double tolerance) : base(tolerance, new ParameterName("f-tol"))
    {
    }

    /// <inheritdoc/>
    public override StopReason Reason => StopReason.FTol;
    internal override int Priority => 3;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.RelativeFChange;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.RelativeFChange <= Tolerance;
    internal override void AddTo(ref StopScreen screen) => screen.RelativeFChange = Math.Max(screen.RelativeFChange, Tolerance);
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"relative change of {terms.Value} = {Format(Measure(progress))} ≤ {Format(Tolerance)}";
}

/// <summary>Stop when the step ‖x_k − x_{k−1}‖ falls to <see cref="ToleranceRule.Tolerance"/> (x-tol).</summary>
public sealed record StepTolerance : ToleranceRule
{
    /// <summary>Stop when the step ‖Δx‖ ≤ <paramref name="tolerance"/>.</summary>
    public StepTolerance(double tolerance) : base(tolerance, new ParameterName("x-tol"))
    {
    }

    /// <inheritdoc/>
    public override StopReason Reason => StopReason.XTol;
    internal override int Priority => 4;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.StepLength;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.StepLength <= Tolerance;
    internal override void AddTo(ref StopScreen screen) => screen.StepLength = Math.Max(screen.StepLength, Tolerance);
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"step length = {Format(Measure(progress))} ≤ {Format(Tolerance)}";
}

/// <summary>
/// Stop when the best f has not improved by more than <see cref="MinDelta"/> for <see cref="Iterations"/> iterations
/// (patience) — "stop when nothing changes any more".
/// </summary>
public sealed record Patience : StoppingRule
{
    /// <summary>Stop when the best f has not improved by more than <paramref name="minDelta"/> for <paramref name="iterations"/> iterations.</summary>
    public Patience(long iterations, double minDelta = 0)
    {
        if (iterations < 1) throw new InputException($"{new ParameterName("patience")} must be at least 1, not {iterations}");
        if (!(minDelta >= 0) || double.IsPositiveInfinity(minDelta))
            throw new InputException($"{new ParameterName("patience")} min-delta must be 0 or a positive number, not {minDelta}");
        Iterations = iterations;
        MinDelta = minDelta;
    }

    /// <summary>Iterations without improvement allowed.</summary>
    public long Iterations { get; }
    /// <summary>The improvement that counts.</summary>
    public double MinDelta { get; }
    /// <inheritdoc/>
    public override StopReason Reason => StopReason.Patience;
    /// <inheritdoc/>
    public override double Threshold => Iterations;
    internal override int Priority => 5;
    internal override double ProgressDelta => MinDelta;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.IterationsWithoutProgress;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.IterationsWithoutProgress >= Iterations;
    internal override void AddTo(ref StopScreen screen) => screen.IterationsWithoutProgress = Math.Min(screen.IterationsWithoutProgress, Iterations);
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"best {terms.Value} improved by no more than {Format(MinDelta)} in {progress.IterationsWithoutProgress} {terms.Iterations}";
}

/// <summary>Stop when f ≤ <see cref="Value"/> (target).</summary>
public sealed record Target : StoppingRule
{
    /// <summary>Stop when f ≤ <paramref name="value"/>.</summary>
    public Target(double value)
    {
        if (double.IsNaN(value)) throw new InputException($"{new ParameterName("target")} must be a number, not NaN");
        Value = value;
    }

    /// <summary>The target f.</summary>
    public double Value { get; }
    /// <inheritdoc/>
    public override StopReason Reason => StopReason.Target;
    /// <inheritdoc/>
    public override double Threshold => Value;
    internal override int Priority => 2;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.F;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.F <= Value;
    internal override void AddTo(ref StopScreen screen) => screen.F = Math.Max(screen.F, Value);
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) => $"{terms.Value} = {Format(progress.F)} ≤ target {Format(Value)}";
}

/// <summary>Stop once <see cref="Seconds"/> of wall time have passed (time-limit).</summary>
public sealed record TimeLimit : StoppingRule
{
    /// <summary>Stop after <paramref name="seconds"/> of wall time.</summary>
    public TimeLimit(double seconds)
    {
        if (!(seconds > 0)) throw new InputException($"{new ParameterName("time-limit")} must be a positive number of seconds, not {seconds}");
        Seconds = seconds;
    }

    /// <summary>The time allowed, in seconds.</summary>
    public double Seconds { get; }
    /// <inheritdoc/>
    public override StopReason Reason => StopReason.TimeLimit;
    /// <inheritdoc/>
    public override double Threshold => Seconds;
    internal override int Priority => 8;
    internal override bool NeedsElapsedTime => true;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.ElapsedSeconds;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.ElapsedSeconds >= Seconds;
    internal override void AddTo(ref StopScreen screen) => screen.Seconds = Math.Min(screen.Seconds, Seconds);
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) => $"{Format(progress.ElapsedSeconds)} s passed the limit of {Format(Seconds)} s";
}

/// <summary>Stop when the caller cancels (Ctrl+C): measured 1 once requested, threshold 1.</summary>
public sealed record Cancellation : StoppingRule
{
    /// <inheritdoc/>
    public override StopReason Reason => StopReason.Cancelled;
    /// <inheritdoc/>
    public override double Threshold => 1;
    internal override int Priority => 9;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.CancellationRequested ? 1 : 0;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.CancellationRequested;
    internal override void AddTo(ref StopScreen screen) => screen.Cancellation = true;
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) => $"cancelled at {terms.Iteration} {progress.Iteration}";
}

/// <summary>
/// Stop when f, x or ∇f stops being finite, or f grows past <see cref="Bound"/> (diverged). Measured: f (NaN or ±∞
/// where that is what failed).
/// </summary>
public sealed record Divergence : StoppingRule
{
    /// <summary>The default bound on f: far beyond any sensible objective, well short of overflow.</summary>
    public const double DefaultBound = 1e100;

    /// <summary>Stop when f exceeds <paramref name="bound"/> or anything stops being finite.</summary>
    public Divergence(double bound = DefaultBound)
    {
        if (double.IsNaN(bound)) throw new InputException("the divergence bound must be a number, not NaN");
        Bound = bound;
    }

    /// <summary>The f above which a run counts as diverged.</summary>
    public double Bound { get; }
    /// <inheritdoc/>
    public override StopReason Reason => StopReason.Diverged;
    /// <inheritdoc/>
    public override double Threshold => Bound;
    internal override int Priority => 0;
    /// <inheritdoc/>
    public override double Measure(in RunProgress progress) => progress.F;
    /// <inheritdoc/>
    public override bool IsMet(in RunProgress progress) => progress.NonFinite != NonFinite.None || progress.F > Bound;
    internal override void AddTo(ref StopScreen screen) => (screen.NonFinite, screen.FAbove) = (true, Math.Min(screen.FAbove, Bound));
    /// <inheritdoc/>
    public override string Describe(in RunProgress progress, LoopTerms terms) => progress.NonFinite switch
    {
        NonFinite.F => $"{terms.Value} is {Format(progress.F)} at {terms.Iteration} {progress.Iteration}",
        NonFinite.X => $"x is not finite at {terms.Iteration} {progress.Iteration}",
        NonFinite.Gradient => $"∇f is not finite at {terms.Iteration} {progress.Iteration}",
        _ => $"{terms.Value} = {Format(progress.F)} grew past {Format(Bound)} at {terms.Iteration} {progress.Iteration}",
    };
}
