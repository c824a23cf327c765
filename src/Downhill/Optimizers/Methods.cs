using Downhill.Functions;
using Downhill.LineSearches;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// Every minimization method by spec name: the first-order optimizers (<see cref="FirstOrderOptimizers"/>, with
/// <c>line_search=armijo|strong_wolfe|more_thuente</c> also accepted by gd and sgd), <c>newton</c>, <c>bfgs</c> and
/// <c>lbfgs</c>.
/// </summary>
public static class Methods
{
    private static readonly string[] SecondOrder = ["newton", "bfgs", "lbfgs"];

    /// <summary>Every name <see cref="Parse"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. FirstOrderOptimizers.Names, .. SecondOrder];

    /// <summary>The method <paramref name="text"/> names, e.g. <c>adam:lr=0.01</c>, <c>gd:lr=1,line_search=armijo</c>, <c>lbfgs</c>.</summary>
    /// <exception cref="InputException">Unknown name (the message lists the valid ones, nearest first), unknown key, or value out of range.</exception>
    public static IMethod Parse(string text)
    {
        var spec = Spec.Parse(text, "optimizer");
        switch (spec.Name)
        {
            case "newton": return Newton.FromSpec(spec);
            case "bfgs": return Bfgs.FromSpec(spec);
            case "lbfgs": return Lbfgs.FromSpec(spec);
        }
        LineSearch? lineSearch = null;
        if (spec.Name is "gd" or "sgd" && spec["line_search"] is { } searchName)
        {
            lineSearch = LineSearch.FromName(searchName, spec.Name);
            spec = spec with { Settings = spec.Settings.Where(s => s.Key != "line_search").ToArray() };
        }
        if (!FirstOrderOptimizers.TryCreate(spec, out var optimizer) || optimizer is null)
            throw new InputException($"unknown optimizer '{spec.Name}'; valid: {string.Join(", ", NearestFirst(spec.Name))}", text, 0);
        if (lineSearch is not null && optimizer.Hyperparameters.Any(h => h is { Name: "maximize", Value: true }))
            throw new InputException($"{spec.Name}:line_search searches downhill, so it cannot be combined with maximize=true");
        return new FirstOrderMethod(optimizer, lineSearch);
    }

    /// <summary>The valid names ordered by edit distance to <paramref name="name"/> (ties in registry order).</summary>
    public static IEnumerable<string> NearestFirst(string name) =>
        Names.Select((n, i) => (Name: n, Distance: NameSuggestion.Distance(name.ToLowerInvariant(), n), Index: i))
            .OrderBy(t => t.Distance).ThenBy(t => t.Index).Select(t => t.Name);
}
