using System.CommandLine;
using System.Globalization;

namespace Downhill.Cli;

/// <summary>
/// The <c>--seed</c> option, one type for every command: a whole number from 0 to 2⁶³ − 1. Commands whose library
/// takes an unsigned seed get the same number.
/// </summary>
internal static class SeedOption
{
    public static Option<long> Create(string description, long fallback = 0) => new("--seed")
    {
        Description = $"{description} (a whole number ≥ 0; default {fallback.ToString(CultureInfo.InvariantCulture)})",
        DefaultValueFactory = _ => fallback,
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long seed)) return seed;
            result.AddError($"--seed must be a whole number ≥ 0, not '{text}'");
            return fallback;
        },
    };
}
