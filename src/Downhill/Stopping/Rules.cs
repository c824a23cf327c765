namespace Downhill.Stopping;

/// <summary>Stop after <see cref="Limit"/> iterations (max-iter).</summary>
public sealed record MaxIterations : StoppingRule
{
    public MaxIterations(long limit)
    {
        if (limit < 0) throw new InputException($"{new ParameterName("max-iter")} must be 0 or more, not {limit}");
        Limit = limit;
    }

    public long Limit { get; }
    public override StopReason Reason => StopReason.MaxIter;
    public override double Threshold => Limit;
    internal override int Priority => 7;
    internal override long IterationLimit => Limit;
    public override double Measure(in RunProgress progress) => progress.Iteration;
    public override bool IsMet(in RunProgress progress) => progress.Iteration >= Limit;
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
/// Stop when ‖∇f‖ ≤ <see cref="Tolerance"/> (grad-tol): the first-order condition of a minimum. With bounds the norm is
/// the projected gradient's, ‖x − P(x − ∇f)‖ (SciPy's pgtol in the max norm), the first-order condition on a box.
/// </summary>
public sealed record GradientTolerance : StoppingRule
{
    public GradientTolerance(double tolerance, GradientNormKind norm = GradientNormKind.Euclidean)
    {
        if (!(tolerance > 0) || double.IsPositiveInfinity(tolerance))
            throw new InputException($"{new ParameterName("grad-tol")} must be a positive number (0 turns the rule off), not {tolerance}");
        Tolerance = tolerance;
        Norm = norm;
    }

    public double Tolerance { get; }
    public GradientNormKind Norm { get; }
    public override StopReason Reason => StopReason.GradTol;
    public override double Threshold => Tolerance;
    internal override int Priority => 1;
    internal override bool NeedsGradient => true;
    public override double Measure(in RunProgress progress) =>
        Norm == GradientNormKind.Max ? progress.GradientMaxNorm : progress.GradientNorm;
    public override bool IsMet(in RunProgress progress) => Measure(progress) <= Tolerance;
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"{(progress.GradientProjected ? "‖proj ∇f‖" : "‖∇f‖")}{(Norm == GradientNormKind.Max ? "∞" : "")} = {Format(Measure(progress))} ≤ {Format(Tolerance)}";
}

/// <summary>
/// Stop when the relative change of f, |f_{k−1} − f_k| / max(|f_{k−1}|, |f_k|, 1), falls to <see cref="Tolerance"/> (f-tol).
/// </summary>
public sealed record FunctionTolerance : StoppingRule
{
    public FunctionTolerance(double tolerance)
    {
        if (!(tolerance >= 0) || double.IsPositiveInfinity(tolerance))
            throw new InputException($"{new ParameterName("f-tol")} must be 0 or a positive number, not {tolerance}");
        Tolerance = tolerance;
    }

    public double Tolerance { get; }
    public override StopReason Reason => StopReason.FTol;
    public override double Threshold => Tolerance;
    internal override int Priority => 3;
    public override double Measure(in RunProgress progress) => progress.RelativeFChange;
    public override bool IsMet(in RunProgress progress) => progress.RelativeFChange <= Tolerance;
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"relative change of {terms.Value} = {Format(Measure(progress))} ≤ {Format(Tolerance)}";
}

/// <summary>Stop when the step ‖x_k − x_{k−1}‖ falls to <see cref="Tolerance"/> (x-tol).</summary>
public sealed record StepTolerance : StoppingRule
{
    public StepTolerance(double tolerance)
    {
        if (!(tolerance >= 0) || double.IsPositiveInfinity(tolerance))
            throw new InputException($"{new ParameterName("x-tol")} must be 0 or a positive number, not {tolerance}");
        Tolerance = tolerance;
    }

    public double Tolerance { get; }
    public override StopReason Reason => StopReason.XTol;
    public override double Threshold => Tolerance;
    internal override int Priority => 4;
    public override double Measure(in RunProgress progress) => progress.StepLength;
    public override bool IsMet(in RunProgress progress) => progress.StepLength <= Tolerance;
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"step length = {Format(Measure(progress))} ≤ {Format(Tolerance)}";
}

/// <summary>
/// Stop when the best f has not improved by more than <see cref="MinDelta"/> for <see cref="Iterations"/> iterations
/// (patience) — "stop when nothing changes any more".
/// </summary>
public sealed record Patience : StoppingRule
{
    public Patience(long iterations, double minDelta = 0)
    {
        if (iterations < 1) throw new InputException($"{new ParameterName("patience")} must be at least 1, not {iterations}");
        if (!(minDelta >= 0) || double.IsPositiveInfinity(minDelta))
            throw new InputException($"{new ParameterName("patience")} min-delta must be 0 or a positive number, not {minDelta}");
        Iterations = iterations;
        MinDelta = minDelta;
    }

    public long Iterations { get; }
    public double MinDelta { get; }
    public override StopReason Reason => StopReason.Patience;
    public override double Threshold => Iterations;
    internal override int Priority => 5;
    internal override double ProgressDelta => MinDelta;
    public override double Measure(in RunProgress progress) => progress.IterationsWithoutProgress;
    public override bool IsMet(in RunProgress progress) => progress.IterationsWithoutProgress >= Iterations;
    public override string Describe(in RunProgress progress, LoopTerms terms) =>
        $"best {terms.Value} improved by no more than {Format(MinDelta)} in {progress.IterationsWithoutProgress} {terms.Iterations}";
}

/// <summary>Stop when f ≤ <see cref="Value"/> (target).</summary>
public sealed record Target : StoppingRule
{
    public Target(double value)
    {
        if (double.IsNaN(value)) throw new InputException($"{new ParameterName("target")} must be a number, not NaN");
        Value = value;
    }

    public double Value { get; }
    public override StopReason Reason => StopReason.Target;
    public override double Threshold => Value;
    internal override int Priority => 2;
    public override double Measure(in RunProgress progress) => progress.F;
    public override bool IsMet(in RunProgress progress) => progress.F <= Value;
    public override string Describe(in RunProgress progress, LoopTerms terms) => $"{terms.Value} = {Format(progress.F)} ≤ target {Format(Value)}";
}

/// <summary>Stop once <see cref="Seconds"/> of wall time have passed (time-limit).</summary>
public sealed record TimeLimit : StoppingRule
{
    public TimeLimit(double seconds)
    {
        if (!(seconds > 0)) throw new InputException($"{new ParameterName("time-limit")} must be a positive number of seconds, not {seconds}");
        Seconds = seconds;
    }

    public double Seconds { get; }
    public override StopReason Reason => StopReason.TimeLimit;
    public override double Threshold => Seconds;
    internal override int Priority => 8;
    internal override bool NeedsElapsedTime => true;
    public override double Measure(in RunProgress progress) => progress.ElapsedSeconds;
    public override bool IsMet(in RunProgress progress) => progress.ElapsedSeconds >= Seconds;
    public override string Describe(in RunProgress progress, LoopTerms terms) => $"{Format(progress.ElapsedSeconds)} s passed the limit of {Format(Seconds)} s";
}

/// <summary>Stop when the caller cancels (Ctrl+C): measured 1 once requested, threshold 1.</summary>
public sealed record Cancellation : StoppingRule
{
    public override StopReason Reason => StopReason.Cancelled;
    public override double Threshold => 1;
    internal override int Priority => 9;
    public override double Measure(in RunProgress progress) => progress.CancellationRequested ? 1 : 0;
    public override bool IsMet(in RunProgress progress) => progress.CancellationRequested;
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

    public Divergence(double bound = DefaultBound)
    {
        if (double.IsNaN(bound)) throw new InputException("the divergence bound must be a number, not NaN");
        Bound = bound;
    }

    public double Bound { get; }
    public override StopReason Reason => StopReason.Diverged;
    public override double Threshold => Bound;
    internal override int Priority => 0;
    public override double Measure(in RunProgress progress) => progress.F;
    public override bool IsMet(in RunProgress progress) => progress.NonFinite != NonFinite.None || progress.F > Bound;
    public override string Describe(in RunProgress progress, LoopTerms terms) => progress.NonFinite switch
    {
        NonFinite.F => $"{terms.Value} is {Format(progress.F)} at {terms.Iteration} {progress.Iteration}",
        NonFinite.X => $"x is not finite at {terms.Iteration} {progress.Iteration}",
        NonFinite.Gradient => $"∇f is not finite at {terms.Iteration} {progress.Iteration}",
        _ => $"{terms.Value} = {Format(progress.F)} grew past {Format(Bound)} at {terms.Iteration} {progress.Iteration}",
    };
}
