using Downhill.Analysis;
using Downhill.Functions;

namespace Downhill.Cli;

/// <summary>The box a landscape command searches: the --bounds given, else the function's suggested bounds.</summary>
internal static class LandscapeBox
{
    public static Box From(string? text, ResolvedFunction function, string option)
    {
        int n = function.Dimension;
        if (text is not null)
        {
            var bounds = CliValues.ParseBounds(text, option, n);
            return new Box(bounds.Select(b => b.Low).ToArray(), bounds.Select(b => b.High).ToArray());
        }
        if (function.Bounds is { } suggested)
            return new Box(suggested.Select(b => b.Low).ToArray(), suggested.Select(b => b.High).ToArray());
        throw new InputException($"'{function.Name}' has no suggested box; give {option} low:high (one pair for all variables, or one per variable)");
    }
}
