using System.Reflection;
using Downhill.Running;

namespace Downhill.Tests.Shape;

/// <summary>
/// The library's folders (namespaces) stand in one order, lowest first, and a type uses only types of its own layer
/// and of layers below it: never one above. The test reads every type's references from the compiled assembly
/// (signatures, fields, locals and the IL of every method), so a reference cannot hide in a method body.
/// </summary>
public class DependencyOrderTests
{
    /// <summary>
    /// The order, lowest first; the README's "Shape of the project" states it. A namespace belongs to the longest entry
    /// that is it or contains it (Downhill.Analysis.Tuning belongs to Downhill.Analysis).
    /// </summary>
    public static readonly string[] Order =
    [
        "Downhill",
        "Downhill.IO",
        "Downhill.Specs",
        "Downhill.Numerics",
        "Downhill.Constraints",
        "Downhill.Functions",
        "Downhill.Stopping",
        "Downhill.LineSearches",
        "Downhill.Running",
        "Downhill.Optimizers",
        "Downhill.Learning.Tensors",
        "Downhill.Learning.Losses",
        "Downhill.Learning.Autodiff",
        "Downhill.Learning.Models",
        "Downhill.Learning.Data",
        "Downhill.Learning.Training",
        "Downhill.Learning",
        "Downhill.Analysis",
        "Downhill.Studies",
        "Downhill.Curvature",
        "Downhill.Plotting",
        "Downhill.Tour",
    ];

    private static readonly Assembly Library = typeof(Minimizer).Assembly;

    /// <summary>The layer of <paramref name="ns"/>: the index in <see cref="Order"/> of the longest entry that contains it, or −1.</summary>
    internal static int Layer(string? ns)
    {
        int best = -1;
        for (int i = 0; i < Order.Length; i++)
            if (ns == Order[i] || (ns?.StartsWith(Order[i] + ".", StringComparison.Ordinal) ?? false))
                if (best < 0 || Order[i].Length > Order[best].Length) best = i;
        return best;
    }

    [Fact]
    public void NoTypeUsesATypeOfALayerAboveItsOwn()
    {
        var violations = new List<string>();
        foreach (var type in Library.GetTypes())
        {
            int layer = Layer(type.Namespace);
            foreach (var used in TypeReferences.Of(type).Where(t => t.Assembly == Library).Select(Outermost).Distinct())
            {
                int usedLayer = Layer(used.Namespace);
                if (usedLayer > layer)
                    violations.Add($"{Outermost(type).FullName} ({Order[layer]}) uses {used.FullName} ({Order[usedLayer]}), which is above it");
            }
        }
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations.Distinct().Order()));
    }

    [Fact]
    public void EveryNamespaceHasItsPlaceInTheOrder()
    {
        var unplaced = Library.GetTypes().Select(t => t.Namespace).Where(ns => ns is not null && ns.StartsWith("Downhill", StringComparison.Ordinal))
            .Distinct().Where(ns => Layer(ns) < 0).Order().ToList();
        Assert.True(unplaced.Count == 0, $"namespaces not in DependencyOrderTests.Order: {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void TheReadmeStatesTheSameOrder()
    {
        string readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        string stated = string.Join(" < ", Order.Select(ns => ns == "Downhill" ? "Downhill" : ns["Downhill.".Length..]));
        Assert.Contains(stated, readme);
    }

    [Fact]
    public void TheCheckSeesReferencesInsideMethodBodies()
    {
        // A guard against a scanner that reads signatures only: Minimizer's fields and signatures never name the
        // counting wrapper, its IL does (new CountingObjective(…)).
        Assert.Contains(typeof(Downhill.Functions.CountingObjective), TypeReferences.Of(typeof(Minimizer)));
        Assert.Equal(Layer("Downhill.Analysis"), Layer("Downhill.Analysis.Tuning"));
        Assert.True(Layer("Downhill.Learning.Tensors") < Layer("Downhill.Learning.Training"));
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }
}
