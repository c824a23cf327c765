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

    /// <summary>
    /// This method with one hyperparameter changed: <c>method.With("lr", 0.01)</c>, checked as a spec's value is, so
    /// sweeps and searches change settings without writing specs.
    /// </summary>
    /// <exception cref="InputException">An unknown name (listing the valid ones), a value of another kind, or out of range.</exception>
    IMethod With(string name, object value);

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

    /// <summary>How many steps so far had their gradient clipped before the step; null for a method that does not clip.</summary>
    long? ClippedSteps => null;

    /// <summary>
    /// The parts of the method's declared state a trace records (an optimizer's scalars after its step count, then its
    /// per-parameter buffers, by torch's names), in order; empty for a method that declares none (quasi-Newton, Newton).
    /// </summary>
    IReadOnlyList<StatePartLayout> StateLayout => [];

    /// <summary>Copies the state's numbers now, in <see cref="StateLayout"/>'s order, into <paramref name="into"/>; allocation-free.</summary>
    void CopyState(Span<double> into)
    {
    }
}

/// <summary>One declared part of a method's state as a trace records it: its name, whether it is a scalar, and how many numbers.</summary>
public sealed record StatePartLayout(string Name, bool IsScalar, int Length);

/// <summary>Changing several hyperparameters of a method at once.</summary>
public static class MethodSettings
{
    /// <summary>
    /// <paramref name="method"/> with each of <paramref name="settings"/> (a sweep's or a search's values) set in turn
    /// through <see cref="IMethod.With"/>.
    /// </summary>
    /// <exception cref="InputException">A key the method does not have, or a value it refuses.</exception>
    public static IMethod With(this IMethod method, IEnumerable<KeyValuePair<string, double>> settings)
    {
        ArgumentNullException.ThrowIfNull(method);
        foreach (var (key, value) in settings) method = method.With(key, value);
        return method;
    }
}

/// <summary>
/// A method that keeps its iterates inside bound constraints: L-BFGS-B by its own algorithm, the first-order
/// optimizers by projecting each step onto the box.
/// </summary>
public interface IBoundConstrainedMethod : IMethod
{
    /// <summary>Per-run state for minimizing subject to <paramref name="bounds"/> (their dimension is the problem's).</summary>
    IMethodRun Start(Constraints.Bounds bounds);
}
