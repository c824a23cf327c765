using System.Text.RegularExpressions;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// What a study is: its name, what each trial runs (<see cref="Objective"/>: the function or data and model, the
/// optimizer, the budget), the searched ranges and the search's settings. A study is created from its first
/// definition; every later worker must bring the same one.
/// </summary>
/// <param name="Name">The study's name, unique in its storage.</param>
/// <param name="Objective">What a trial runs, in words that tell studies apart (e.g. "function=rosenbrock dim=2 optimizer=sgd budget=1000").</param>
/// <param name="Ranges">The searched hyperparameters with their first ranges.</param>
/// <param name="Options">Trials, rounds, keep share, halving, seed, direction, pruning, retries.</param>
public sealed partial record StudyDefinition(string Name, string Objective, IReadOnlyList<SearchRange> Ranges, TuneOptions Options)
{
    /// <summary>The longest study name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The name a study gets when none is given.</summary>
    public const string DefaultName = "default";

    /// <summary>Everything that decides which trials the study runs, as stored with it and compared on joining.</summary>
    public string Plan => $"{Objective} ranges={string.Join(' ', Ranges)} {Options.Describe()}".Trim();

    /// <summary>
    /// Every setting of the plan in which <paramref name="other"/> differs from this definition, in plan order: what
    /// this one has and what the other has (for example "lr=1e-4..1:log" and "lr=1e-3..1:log"; "no momentum range"
    /// where one of them has none). Empty when the plans are the same.
    /// </summary>
    public IReadOnlyList<(string Mine, string Theirs)> Differences(StudyDefinition other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var differences = new List<(string, string)>();
        Compare(Items(Objective), Items(other.Objective), "", differences);
        Compare(Ranges.Select(r => (r.Name, r.ToString())), other.Ranges.Select(r => (r.Name, r.ToString())), " range", differences);
        if (differences.Count == 0 && !Ranges.Select(r => r.Name).SequenceEqual(other.Ranges.Select(r => r.Name)))
            differences.Add(($"the ranges in the order {string.Join(", ", Ranges.Select(r => r.Name))}",
                $"the ranges in the order {string.Join(", ", other.Ranges.Select(r => r.Name))}"));
        Compare(Items(Options.Describe()), Items(other.Options.Describe()), "", differences);
        return differences;
    }

    /// <summary>The key=value items of a plan's part, keyed by what precedes the '=' (an item's value may hold spaces, as an expression does).</summary>
    private static IEnumerable<(string Key, string Text)> Items(string text) =>
        ItemStart().Split(text).Where(item => item.Length > 0).Select(item => (item.Split('=')[0], item));

    [GeneratedRegex(@" (?=[A-Za-z][\w-]*=)")]
    private static partial Regex ItemStart();

    private static void Compare(IEnumerable<(string Key, string Text)> mine, IEnumerable<(string Key, string Text)> theirs, string noun,
        List<(string, string)> differences)
    {
        var ours = new Dictionary<string, string>();
        var keys = new List<string>();
        foreach (var (key, text) in mine)
            if (ours.TryAdd(key, text)) keys.Add(key);
        var others = new Dictionary<string, string>();
        foreach (var (key, text) in theirs)
            if (others.TryAdd(key, text) && !ours.ContainsKey(key)) keys.Add(key);
        foreach (string key in keys)
        {
            string? a = ours.GetValueOrDefault(key), b = others.GetValueOrDefault(key);
            if (a != b) differences.Add((a ?? $"no {key}{noun}", b ?? $"no {key}{noun}"));
        }
    }

    /// <summary>Throws an <see cref="InputException"/> naming what is wrong with the name, ranges or options.</summary>
    public void Validate()
    {
        CheckName(Name);
        NarrowingSearch.CheckRanges(Ranges);
        Options.Validate();
    }

    /// <summary>A study name is 1–200 printable characters.</summary>
    public static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InputException("a study name cannot be empty");
        if (name.Length > MaxNameLength)
            throw new InputException($"a study name is at most {MaxNameLength} characters; this one has {name.Length:N0}");
        int bad = name.AsSpan().IndexOfAnyInRange('\0', '\x1f');
        if (bad >= 0 || name.Contains('\x7f'))
            throw new InputException($"a study name cannot hold control characters (one at position {Math.Max(bad, name.IndexOf('\x7f')) + 1})");
    }
}
