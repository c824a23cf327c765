using System.Globalization;

namespace Downhill.Specs;

/// <summary>
/// A parsed <c>name[:key=value,…]</c> spec, as used for optimizers (<c>sgd:lr=0.01,momentum=0.9</c>),
/// catalog functions (<c>valley:kappa=50</c>) and initializers (<c>gaussian:mean=0,std=1</c>).
/// </summary>
/// <remarks>Keys keep the order they were written in; a key given twice is an error.</remarks>
public sealed record Spec(string Name, IReadOnlyList<KeyValuePair<string, string>> Settings, string Text)
{
    /// <summary>Parses a spec; errors point at the bad spot in <paramref name="text"/>.</summary>
    public static Spec Parse(string text, string what = "spec")
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':');
        string name = (colon < 0 ? text : text[..colon]).Trim();
        if (name.Length == 0)
            throw new InputException($"empty {what} name", text, 0);
        var settings = new List<KeyValuePair<string, string>>();
        if (colon >= 0)
        {
            int start = colon + 1;
            if (start == text.Length)
                throw new InputException($"expected key=value after ':' in {what}", text, start);
            foreach (var part in text[start..].Split(','))
            {
                int eq = part.IndexOf('=');
                if (eq <= 0 || eq == part.Length - 1)
                    throw new InputException($"expected key=value in {what}, found '{part}'", text, start);
                string key = part[..eq].Trim();
                if (settings.Any(s => s.Key == key))
                    throw new InputException($"'{key}' is given twice in {what}", text, start);
                settings.Add(new(key, part[(eq + 1)..].Trim()));
                start += part.Length + 1;
            }
        }
        return new Spec(name, settings, text);
    }

    /// <summary>The value of <paramref name="key"/>, or null when the spec does not set it.</summary>
    public string? this[string key] => Settings.FirstOrDefault(s => s.Key == key).Value;

    /// <summary>Throws naming the first key not in <paramref name="known"/>, and listing the valid ones.</summary>
    public void RejectUnknownKeys(IEnumerable<string> known, string what)
    {
        var valid = known.ToList();
        foreach (var (key, _) in Settings)
            if (!valid.Contains(key))
                throw new InputException(valid.Count == 0
                    ? $"{what} '{Name}' takes no settings, but '{key}' was given"
                    : $"unknown key '{key}' for {what} '{Name}'; valid keys: {string.Join(", ", valid)}");
    }

    /// <summary>A real-valued setting, or <paramref name="fallback"/> when absent.</summary>
    public double GetDouble(string key, double fallback) =>
        this[key] is { } s ? ParseDouble(s, $"{Name}:{key}") : fallback;

    /// <summary>A whole-number setting, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string key, int fallback) =>
        this[key] is { } s
            ? int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v)
                ? v
                : throw new InputException($"{Name}:{key} must be a whole number, not '{s}'")
            : fallback;

    /// <summary>A true/false setting, or <paramref name="fallback"/> when absent.</summary>
    public bool GetBool(string key, bool fallback) =>
        this[key] is { } s
            ? s.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => throw new InputException($"{Name}:{key} must be true or false, not '{s}'"),
            }
            : fallback;

    /// <summary>A string setting, or <paramref name="fallback"/> when absent.</summary>
    public string GetString(string key, string fallback) => this[key] ?? fallback;

    /// <summary>Parses a finite or infinite real number the way the whole command does (invariant culture).</summary>
    public static double ParseDouble(string s, string what)
    {
        string t = s.Trim();
        if (t is "inf" or "+inf" or "Infinity") return double.PositiveInfinity;
        if (t is "-inf" or "-Infinity") return double.NegativeInfinity;
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && !double.IsNaN(v))
            return v;
        throw new InputException($"{what} must be a number, not '{s}'");
    }
}
