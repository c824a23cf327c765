using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// The first-order optimizers by spec name: <c>sgd:lr=0.01,momentum=0.9</c>, <c>adam:amsgrad=true</c>, …
/// Shorthands: <c>gd</c> (sgd), <c>momentum</c> (sgd, momentum 0.9), <c>nesterov</c> (that with nesterov=true);
/// each still takes sgd's keys.
/// </summary>
public static class FirstOrderOptimizers
{
    /// <summary>Every first-order optimizer, shorthands included, with its hyperparameters declared: the registry.</summary>
    public static IReadOnlyList<MethodDeclaration<FirstOrderOptimizer>> Declarations { get; } =
    [
        Sgd.Declared, Sgd.GdDeclaration, Sgd.MomentumDeclaration, Sgd.NesterovDeclaration,
        Adagrad.Declared, RmsProp.Declared, Adadelta.Declared,
        Adam.Declared, AdamW.Declared, NAdam.Declared, RAdam.Declared, Adamax.Declared, Lion.Declared,
    ];

    /// <summary>Every name <see cref="TryCreate"/> knows, shorthands included.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Declarations.Select(d => d.Name).ToArray());

    /// <summary>The declaration registered under <paramref name="name"/>, or null.</summary>
    public static MethodDeclaration<FirstOrderOptimizer>? Find(string name) => Declarations.FirstOrDefault(d => d.Name == name);

    /// <summary>
    /// Builds the optimizer <paramref name="spec"/> names. False for an unknown name (so a caller can try
    /// other families, e.g. newton or lbfgs); <see cref="InputException"/> for an unknown key (listing the valid
    /// keys) or an out-of-range value.
    /// </summary>
    public static bool TryCreate(Spec spec, out FirstOrderOptimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(spec);
        optimizer = Find(spec.Name)?.Create(spec);
        return optimizer is not null;
    }
}
