using Downhill.Functions;
using Downhill.Specs;

namespace Downhill.Running;

/// <summary>
/// A minimization method as the run loop sees it: first-order optimizers (through an adapter), gradient descent
/// with a line search, Newton, BFGS, L-BFGS. Immutable settings; <see cref="Start"/> makes the per-run state.
/// </summary>
public interface IMethod
{
    /// <summary>The spec name, e.g. "lbfgs".</summary>
    string Name { get; }

    /// <summary>Every hyperparameter in effect, defaults included.</summary>
    IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <summary>Per-run state for an objective of dimension <paramref name="dimension"/>; buffers allocated here, once.</summary>
    IMethodRun Start(int dimension);
}

/// <summary>One run of a method: advances the iterate in place, allocation-free.</summary>
public interface IMethodRun
{
    /// <summary>
    /// Moves <paramref name="x"/> to the next iterate. On entry <paramref name="f"/> and <paramref name="gradient"/>
    /// hold f(x) and ∇f(x); on return they hold those of the new x (evaluated through <paramref name="objective"/>,
    /// which counts the evaluations). Non-finite values are left for the run loop to report, never thrown.
    /// </summary>
    void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective);

    /// <summary>The learning rate (or step length) of the last advance, for the trace; NaN where none applies.</summary>
    double LearningRateInEffect { get; }

    /// <summary>A note the method wants reported (e.g. "Hessian not positive definite at iteration 3; took a gradient step"), or null.</summary>
    string? Note { get; }
}
