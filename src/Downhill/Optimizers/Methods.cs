using Downhill.Functions;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// Every minimization method by spec name: the first-order optimizers (<see cref="FirstOrderOptimizers"/>, with
/// <c>line_search=armijo|strong_wolfe|more_thuente</c> also accepted by gd and sgd), <c>newton</c>, <c>bfgs</c>,
/// <c>lbfgs</c> and <c>lbfgsb</c>.
/// </summary>
public static class Methods
{
    /// <summary>Every method with its hyperparameters declared, in the order help lists them: the registry.</summary>
    public static IReadOnlyList<MethodDeclaration<IMethod>> Declarations { get; } =
        [.. FirstOrderOptimizers.Declarations.Select(FirstOrderMethod.Declare), Newton.Declared, Bfgs.Declared, Lbfgs.Declared, Lbfgsb.Declared];

    /// <summary>Every name <see cref="Parse"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Declarations.Select(d => d.Name).ToArray());

    /// <summary>The declaration registered under <paramref name="name"/>, or null.</summary>
    public static MethodDeclaration<IMethod>? Find(string name) => Declarations.FirstOrDefault(d => d.Name == name);

    /// <summary>The method <paramref name="text"/> names, e.g. <c>adam:lr=0.01</c>, <c>gd:lr=1,line_search=armijo</c>, <c>lbfgs</c>.</summary>
    /// <exception cref="InputException">Unknown name (the message lists the valid ones, nearest first), unknown key, or value out of range.</exception>
    public static IMethod Parse(string text)
    {
        var spec = Spec.Parse(text, "optimizer");
        return Find(spec.Name) is { } declaration
            ? declaration.Create(spec)
            : throw new InputException($"unknown optimizer '{spec.Name}'; valid: {string.Join(", ", NearestFirst(spec.Name))}", text, 0);
    }

    /// <summary>The valid names ordered by edit distance to <paramref name="name"/> (ties in registry order).</summary>
    public static IEnumerable<string> NearestFirst(string name) =>
        Names.Select((n, i) => (Name: n, Distance: NameSuggestion.Distance(name.ToLowerInvariant(), n), Index: i))
            .OrderBy(t => t.Distance).ThenBy(t => t.Index).Select(t => t.Name);
}
