using System.Globalization;

namespace Downhill.IO;

/// <summary>
/// Doubles as the shortest text that reads back to the same double, in the invariant culture: what files, specs,
/// study keys and tables of exact values write, where a rounded figure would change what is read back.
/// </summary>
public static class RoundTrip
{
    /// <summary>The shortest text that parses back to exactly <paramref name="value"/>.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
