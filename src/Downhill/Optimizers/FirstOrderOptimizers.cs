using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// The first-order optimizers by spec name: <c>sgd:lr=0.01,momentum=0.9</c>, <c>adam:amsgrad=true</c>, …
/// Shorthands: <c>gd</c> (sgd), <c>momentum</c> (sgd, momentum 0.9), <c>nesterov</c> (that with nesterov=true);
/// each still takes sgd's keys.
/// </summary>
public static class FirstOrderOptimizers
{
    private static readonly (string Name, Func<Spec, FirstOrderOptimizer> Create)[] Factories =
    [
        ("sgd", spec => Sgd.FromSpec(spec, new Sgd())),
        ("gd", spec => Sgd.FromSpec(spec, new Sgd())),
        ("momentum", spec => Sgd.FromSpec(spec, new Sgd(momentum: 0.9))),
        ("nesterov", spec => Sgd.FromSpec(spec, new Sgd(momentum: 0.9, nesterov: true))),
        ("adagrad", Adagrad.FromSpec),
        ("rmsprop", RmsProp.FromSpec),
        ("adadelta", Adadelta.FromSpec),
        ("adam", Adam.FromSpec),
        ("adamw", AdamW.FromSpec),
        ("nadam", NAdam.FromSpec),
        ("radam", RAdam.FromSpec),
        ("adamax", Adamax.FromSpec),
    ];

    /// <summary>Every name <see cref="TryCreate"/> knows, shorthands included.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Factories.Select(f => f.Name).ToArray());

    /// <summary>
    /// Builds the optimizer <paramref name="spec"/> names. False for an unknown name (so a caller can try
    /// other families, e.g. newton or lbfgs); <see cref="InputException"/> for an unknown key (listing the valid
    /// keys) or an out-of-range value.
    /// </summary>
    public static bool TryCreate(Spec spec, out FirstOrderOptimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (var (name, create) in Factories)
            if (name == spec.Name)
            {
                optimizer = create(spec);
                return true;
            }
        optimizer = null;
        return false;
    }
}
