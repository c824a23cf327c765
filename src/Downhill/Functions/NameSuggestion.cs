namespace Downhill.Functions;

/// <summary>"Did you mean …?": the candidate nearest to a mistyped name by edit distance, when one is near enough.</summary>
public static class NameSuggestion
{
    /// <summary>
    /// The nearest candidate within a distance of max(2, length/3) (but less than the name's length, so one letter
    /// suggests nothing), or one the name is a prefix of; else null.
    /// </summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in candidates)
        {
            int d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best is not null && bestDistance <= Math.Min(Math.Max(2, name.Length / 3), name.Length - 1)) return best;
        return name.Length >= 3 ? candidates.FirstOrDefault(c => c.StartsWith(name, StringComparison.OrdinalIgnoreCase)) : null;
    }

    /// <summary>The text " (did you mean 'x'?)" or nothing.</summary>
    public static string Hint(string name, IEnumerable<string> candidates) =>
        Nearest(name, candidates) is { } s ? $"; did you mean '{s}'?" : "";

    /// <summary>Levenshtein distance with adjacent transpositions (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
