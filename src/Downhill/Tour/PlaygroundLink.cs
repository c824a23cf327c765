using System.Globalization;
using Downhill.IO;
using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Tour;

/// <summary>
/// A lesson's experiment as the playground's state: the flags of <c>downhill compare</c> that reproduce its runs
/// (the function, the start, each method with the settings away from its defaults, and the stopping rules that
/// compare takes, and the box the runs kept to), written as the playground's URL fragment.
/// </summary>
public sealed record PlaygroundLink(string Function, IReadOnlyList<double> Start, IReadOnlyList<string> Optimizers,
    IReadOnlyList<(string Flag, double Value)> Stopping) : PlaygroundState
{
    /// <summary>The box the runs keep to (compare's --bounds), or null for none.</summary>
    public IReadOnlyList<(double Low, double High)>? Bounds { get; init; }

    /// <summary>Whether every method keeps to <see cref="Bounds"/> (compare's --constrain); lbfgsb keeps to it regardless.</summary>
    public bool Constrain { get; init; }

    /// <summary>What the page shows beside the runs, as its own URL keys (e.g. <c>("overlays", "critical")</c>).</summary>
    public IReadOnlyList<(string Key, string Value)> Page { get; init; } = [];

    /// <summary>The stopping rules the playground sets, by their flag names.</summary>
    private static readonly string[] Flags = ["max-iter", "grad-tol", "f-tol", "target"];

    /// <summary>The settings of the runs that start where the first one does (a race shares one start).</summary>
    public static PlaygroundLink From(IReadOnlyList<RunResult> runs)
    {
        ArgumentOutOfRangeException.ThrowIfZero(runs.Count);
        var first = runs[0];
        var race = runs.Where(r => r.Start.SequenceEqual(first.Start)).ToList();
        var stopping = Flags.Select(flag => (flag, first.Checks.FirstOrDefault(c => c.Rule == flag)))
            .Select(p => (p.flag, p.Item2 is { } check ? check.Threshold : p.flag == "grad-tol" ? 0 : double.NaN))
            .Where(p => !double.IsNaN(p.Item2)).ToList();
        var box = first.Bounds;
        return new PlaygroundLink(first.Function, first.Start, race.Select(Spec).ToList(), stopping)
        {
            Bounds = box is null ? null : Enumerable.Range(0, box.Dimension).Select(i => (box.Lower[i], box.Upper[i])).ToList(),
            Constrain = box is not null && race.Any(r => r.Method != "lbfgsb"),
        };
    }

    /// <summary>The URL fragment, without the <c>#</c>: <c>f=…&amp;x0=…&amp;o=…&amp;max-iter=…[&amp;bounds=…&amp;constrain=true]</c>, then the page's keys.</summary>
    public override string Fragment
    {
        get
        {
            var pairs = new List<(string, string)> { ("f", Function), ("x0", string.Join(",", Start.Select(RoundTrip.Format))) };
            pairs.AddRange(Optimizers.Select(o => ("o", o)));
            pairs.AddRange(Stopping.Select(s => (s.Flag, s.Flag == "max-iter" ? ((long)s.Value).ToString(CultureInfo.InvariantCulture) : RoundTrip.Format(s.Value))));
            if (Bounds is { } box) pairs.Add(("bounds", string.Join(",", box.Select(b => $"{RoundTrip.Format(b.Low)}:{RoundTrip.Format(b.High)}"))));
            if (Constrain) pairs.Add(("constrain", "true"));
            pairs.AddRange(Page);
            return Join(pairs);
        }
    }

    /// <summary>A run's method as a spec: its name and the hyperparameters that differ from the name's defaults.</summary>
    private static string Spec(RunResult run)
    {
        var defaults = Methods.Parse(run.Method).Hyperparameters;
        var changed = run.Hyperparameters.Where(h => defaults.FirstOrDefault(d => d.Name == h.Name)?.FormattedValue != h.FormattedValue).ToList();
        return changed.Count == 0 ? run.Method : $"{run.Method}:{string.Join(",", changed)}";
    }
}
