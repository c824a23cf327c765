using System.Globalization;
using Downhill.Specs;
using Downhill.IO;

namespace Downhill.Analysis;

/// <summary>Adds swept or tuned values to a method spec: <c>sgd:nesterov=true</c> + lr=0.01 → <c>sgd:nesterov=true,lr=0.01</c>.</summary>
public static class SpecSettings
{
    /// <summary>
    /// The spec with <paramref name="settings"/> appended (values written round-trip). A key already fixed in the spec
    /// is an <see cref="InputException"/>: a value cannot be both fixed and searched.
    /// </summary>
    public static string With(string spec, IEnumerable<KeyValuePair<string, double>> settings)
    {
        var parsed = Spec.Parse(spec, "optimizer");
        var added = settings.ToList();
        foreach (var (key, _) in added)
            if (parsed[key] is not null)
                throw new InputException($"'{key}' is fixed in -o {spec} and also searched; drop one of them");
        if (added.Count == 0) return spec;
        string values = string.Join(",", added.Select(s => $"{s.Key}={RoundTrip.Format(s.Value)}"));
        return parsed.Settings.Count == 0 ? $"{parsed.Name}:{values}" : $"{spec.TrimEnd()},{values}";
    }
}
