
namespace Downhill.Specs;

/// <summary>
/// The values of a method's declared hyperparameters, each checked against its <see cref="HyperparameterDeclaration"/>:
/// the defaults, with whatever a spec, a sweep or <c>With</c> sets over them. Immutable.
/// </summary>
internal sealed class HyperparameterValues
{
    private readonly string _owner;
    private readonly IReadOnlyList<HyperparameterDeclaration> _declared;
    private readonly object[] _values;

    private HyperparameterValues(string owner, IReadOnlyList<HyperparameterDeclaration> declared, object[] values) =>
        (_owner, _declared, _values) = (owner, declared, values);

    /// <summary>Every declared default.</summary>
    public static HyperparameterValues Defaults(string owner, IReadOnlyList<HyperparameterDeclaration> declared) =>
        new(owner, declared, declared.Select(d => d.Default).ToArray());

    /// <summary>The defaults with the spec's settings over them; an unknown key is an error listing the valid ones.</summary>
    public static HyperparameterValues Read(Spec spec, IReadOnlyList<HyperparameterDeclaration> declared)
    {
        spec.RejectUnknownKeys(declared.Select(d => d.Name), "optimizer");
        var values = Defaults(spec.Name, declared);
        foreach (var (key, text) in spec.Settings) values = values.With(key, text);
        return values;
    }

    /// <summary>The values a method has in effect (its <c>Hyperparameters</c>); a declared one it does not list is at its default.</summary>
    public static HyperparameterValues Of(string owner, IReadOnlyList<HyperparameterDeclaration> declared,
        IReadOnlyList<Hyperparameter> inEffect) =>
        new(owner, declared, declared.Select(d => inEffect.FirstOrDefault(h => h.Name == d.Name)?.Value ?? d.Default).ToArray());

    /// <summary>The values of <paramref name="declared"/>, a part of these declarations (a wrapped optimizer's own).</summary>
    public HyperparameterValues Restrict(IReadOnlyList<HyperparameterDeclaration> declared) =>
        new(_owner, declared, declared.Select(d => _values[IndexOf(d.Name)]).ToArray());

    /// <summary>The method's name, which messages put before a key: <c>adam:lr</c>.</summary>
    public string Owner => _owner;

    /// <summary>Every value, in declared order, as outputs list them.</summary>
    public IReadOnlyList<Hyperparameter> InEffect => _declared.Select((d, i) => new Hyperparameter(d.Name, _values[i])).ToArray();

    /// <summary>These values with <paramref name="name"/> set to <paramref name="value"/>, checked.</summary>
    /// <exception cref="InputException">An unknown name (listing the valid ones), a value of another kind, or out of range.</exception>
    public HyperparameterValues With(string name, object value)
    {
        int index = IndexOf(name);
        var values = (object[])_values.Clone();
        values[index] = _declared[index].Check(_owner, value);
        return new HyperparameterValues(_owner, _declared, values);
    }

    /// <summary>A real hyperparameter's value.</summary>
    public double Real(string name) => (double)_values[IndexOf(name)];

    /// <summary>A whole-number hyperparameter's value.</summary>
    public int Integer(string name) => (int)_values[IndexOf(name)];

    /// <summary>A switch's value.</summary>
    public bool Flag(string name) => (bool)_values[IndexOf(name)];

    /// <summary>A choice's value.</summary>
    public string Choice(string name) => (string)_values[IndexOf(name)];

    private int IndexOf(string name)
    {
        for (int i = 0; i < _declared.Count; i++)
            if (_declared[i].Name == name) return i;
        throw new InputException(_declared.Count == 0
            ? $"optimizer '{_owner}' takes no settings, but '{name}' was given"
            : $"unknown key '{name}' for optimizer '{_owner}'; valid keys: {string.Join(", ", _declared.Select(d => d.Name))}");
    }
}
