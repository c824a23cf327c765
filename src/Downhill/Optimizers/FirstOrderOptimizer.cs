using System.Numerics;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// The settings of a first-order optimizer (torch.optim's names and defaults): an immutable value.
/// The buffers of one parameter block live in a <see cref="ParameterState{T}"/> made by <see cref="CreateState{T}"/>,
/// so one optimizer can update many blocks (a network's layers, parameter groups) of float or double.
/// </summary>
/// <remarks>
/// Each optimizer declares its hyperparameters once (<see cref="Declaration"/>): the constructor checks its arguments
/// there, a spec is read through it, and <see cref="With"/> changes one value by name.
/// </remarks>
public abstract class FirstOrderOptimizer
{
    private readonly HyperparameterValues _values;

    private protected FirstOrderOptimizer(MethodDeclaration<FirstOrderOptimizer> declaration, HyperparameterValues values)
    {
        Declaration = declaration;
        _values = values;
        Hyperparameters = values.InEffect;
    }

    /// <summary>The registry entry this optimizer was built from: its name and hyperparameters, declared.</summary>
    public MethodDeclaration<FirstOrderOptimizer> Declaration { get; }

    /// <summary>The spec name, e.g. "adam".</summary>
    public string Name => Declaration.Name;

    /// <summary>The base learning rate (torch's <c>lr</c>); schedules scale it per step.</summary>
    public abstract double LearningRate { get; }

    /// <summary>Every hyperparameter in effect, defaults included, in torch's order.</summary>
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <summary>
    /// This optimizer with one hyperparameter changed: <c>adam.With("lr", 0.01)</c>. The value is a number, a bool or a
    /// choice's name (or text as a spec writes it), checked as the constructor checks it.
    /// </summary>
    /// <exception cref="InputException">An unknown name (listing the valid ones), a value of another kind, or out of range.</exception>
    public FirstOrderOptimizer With(string name, object value) => Declaration.Create(_values.With(name, value));

    /// <summary>Fresh state (step count, moment buffers) for a block of <paramref name="length"/> parameters.</summary>
    public abstract ParameterState<T> CreateState<T>(int length) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The spec that recreates this optimizer: <c>name:key=value,…</c> with every hyperparameter.</summary>
    public override string ToString() => $"{Name}:{string.Join(",", Hyperparameters)}";
}
