
namespace Downhill.Specs;

/// <summary>
/// A method as the registries list it: its spec name, what it is in one line, and its hyperparameters declared once
/// (<see cref="HyperparameterDeclaration"/>), with how to build it from their values.
/// </summary>
/// <typeparam name="TMethod">What it builds: a first-order optimizer, or a run-loop method.</typeparam>
public sealed class MethodDeclaration<TMethod> where TMethod : class
{
    private readonly Func<HyperparameterValues, TMethod> _create;

    internal MethodDeclaration(string name, string summary, IReadOnlyList<HyperparameterDeclaration> hyperparameters,
        Func<HyperparameterValues, TMethod> create)
    {
        Name = name;
        Summary = summary;
        Hyperparameters = hyperparameters;
        _create = create;
    }

    /// <summary>The spec name: <c>adam</c>, <c>momentum</c>, <c>lbfgs</c>.</summary>
    public string Name { get; }

    /// <summary>What the method is, in one line (help and the README's table print it).</summary>
    public string Summary { get; }

    /// <summary>Every hyperparameter, in the order specs and outputs list them (torch's).</summary>
    public IReadOnlyList<HyperparameterDeclaration> Hyperparameters { get; }

    /// <summary>The declaration of <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">The method has no such hyperparameter.</exception>
    public HyperparameterDeclaration this[string name] =>
        Hyperparameters.FirstOrDefault(h => h.Name == name)
        ?? throw new ArgumentException($"'{name}' is not a hyperparameter of {Name}", nameof(name));

    /// <summary>The method with every default.</summary>
    public TMethod Create() => _create(HyperparameterValues.Defaults(Name, Hyperparameters));

    /// <summary>The method a spec names, its settings over the defaults.</summary>
    /// <exception cref="InputException">An unknown key (listing the valid ones) or a value out of range.</exception>
    public TMethod Create(Spec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return _create(HyperparameterValues.Read(spec, Hyperparameters));
    }

    /// <summary>A method with <paramref name="inEffect"/>'s values but <paramref name="name"/> set to <paramref name="value"/>.</summary>
    internal TMethod With(IReadOnlyList<Hyperparameter> inEffect, string name, object value) =>
        _create(HyperparameterValues.Of(Name, Hyperparameters, inEffect).With(name, value));

    /// <summary>The method with <paramref name="values"/>.</summary>
    internal TMethod Create(HyperparameterValues values) => _create(values);

    /// <summary>
    /// Checks a constructor's arguments, given in declared order, against their declarations: the values a method
    /// built from C# holds, exactly as one built from a spec.
    /// </summary>
    internal HyperparameterValues Bind(params object[] values)
    {
        if (values.Length != Hyperparameters.Count)
            throw new ArgumentException($"{Name} declares {Hyperparameters.Count} hyperparameters, not {values.Length}", nameof(values));
        var bound = HyperparameterValues.Defaults(Name, Hyperparameters);
        for (int i = 0; i < values.Length; i++) bound = bound.With(Hyperparameters[i].Name, values[i]);
        return bound;
    }

    /// <summary>A constructor's real argument, checked against its declared range.</summary>
    internal double Check(string name, double value) => this[name].Check(Name, value);

    /// <summary>A constructor's whole-number argument, checked against its declared range.</summary>
    internal int Check(string name, int value) => (int)this[name].Check(Name, (object)value);

    /// <summary>A constructor's choice, checked against the declared names.</summary>
    internal string Check(string name, string value) => (string)this[name].Check(Name, value);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
