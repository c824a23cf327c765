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
public sealed record StudyDefinition(string Name, string Objective, IReadOnlyList<SearchRange> Ranges, TuneOptions Options)
{
    /// <summary>The longest study name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The name a study gets when none is given.</summary>
    public const string DefaultName = "default";

    /// <summary>Everything that decides which trials the study runs, as stored with it and compared on joining.</summary>
    public string Plan => $"{Objective} ranges={string.Join(' ', Ranges)} {Options.Describe()}".Trim();

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
