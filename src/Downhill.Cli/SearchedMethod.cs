using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Cli;

/// <summary>The method of <c>-o</c> for a sweep or a search, whose searched keys the spec must leave open.</summary>
internal static class SearchedMethod
{
    /// <summary>The method <paramref name="spec"/> names; a key it fixes that is also searched is bad input.</summary>
    public static IMethod Parse(string spec, IEnumerable<string> searched)
    {
        var parsed = Spec.Parse(spec, "optimizer");
        foreach (string key in searched)
            if (parsed[key] is not null)
                throw new InputException($"'{key}' is fixed in -o {spec} and also searched; drop one of them");
        return Methods.Parse(spec);
    }
}
