using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// The hyperparameters a spec sets, over an optimizer's defaults: the defaults name the valid keys and give each its
/// type, so an optimizer lists its keys once (in <see cref="FirstOrderOptimizer.Hyperparameters"/>).
/// </summary>
internal sealed class HyperparameterValues
{
    private readonly Spec _spec;
    private readonly IReadOnlyList<Hyperparameter> _defaults;

    private HyperparameterValues(Spec spec, IReadOnlyList<Hyperparameter> defaults) => (_spec, _defaults) = (spec, defaults);

    /// <summary>Rejects a key that is not among <paramref name="defaults"/>, listing the valid ones.</summary>
    public static HyperparameterValues Read(Spec spec, IReadOnlyList<Hyperparameter> defaults)
    {
        spec.RejectUnknownKeys(defaults.Select(h => h.Name), "optimizer");
        return new HyperparameterValues(spec, defaults);
    }

    public double Double(string key) => _spec.GetDouble(key, (double)Default(key));

    public bool Bool(string key) => _spec.GetBool(key, (bool)Default(key));

    private object Default(string key) =>
        _defaults.FirstOrDefault(h => h.Name == key)?.Value
        ?? throw new ArgumentException($"'{key}' is not a hyperparameter of {_spec.Name}", nameof(key));
}
