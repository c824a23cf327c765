using Downhill.Functions;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Analysis.Sweeps;

/// <summary>One setting of a sweep and how its run went.</summary>
/// <param name="Settings">The swept values, one per axis.</param>
/// <param name="Run">The run.</param>
public sealed record SweepRun(IReadOnlyList<KeyValuePair<string, double>> Settings, RunResult Run)
{
    /// <summary>Did not diverge, ended with a finite f no higher than at the start.</summary>
    public bool Stable => Run.Stop != StopReason.Diverged && double.IsFinite(Run.F) && Run.F <= Run.Trace[0].F;
}

/// <summary>A sweep's runs (in grid order: the first axis slowest), the best of them, and the largest stable learning rate.</summary>
public sealed record SweepReport(IReadOnlyList<SweepAxis> Axes, IReadOnlyList<SweepRun> Runs)
{
    /// <summary>The stable run with the lowest final f (the first on a tie); null when none was stable.</summary>
    public SweepRun? Best => Runs.Where(r => r.Stable).MinBy(r => r.Run.F);

    /// <summary>The largest lr at which every run was stable, when lr is swept; null otherwise or when none was.</summary>
    public double? LargestStableLearningRate
    {
        get
        {
            if (!Axes.Any(a => a.Key == "lr")) return null;
            var stableRates = Runs.GroupBy(r => r.Settings.First(s => s.Key == "lr").Value)
                .Where(g => g.All(r => r.Stable)).Select(g => g.Key).ToList();
            return stableRates.Count == 0 ? null : stableRates.Max();
        }
    }
}

/// <summary>
/// The course's recipe for a learning rate: try it over powers of ten (and grids over any other key), run each setting
/// from the same start with the same stopping rules, and compare — diverging is a normal outcome, not an error.
/// </summary>
public static class Sweep
{
    /// <summary>The most settings one sweep may run.</summary>
    public const int MaxSettings = 100_000;

    /// <param name="objective">The function.</param>
    /// <param name="start">The one start every setting runs from.</param>
    /// <param name="axes">The swept keys; every combination is run.</param>
    /// <param name="method">The method; each setting runs it with the swept values set (<see cref="IMethod.With"/>).</param>
    /// <param name="run">Stopping rules; traces are cut to their ends.</param>
    /// <param name="threads">At most this many runs at once; 0 uses every core.</param>
    public static SweepReport Run(IObjective objective, ReadOnlySpan<double> start, IReadOnlyList<SweepAxis> axes,
        IMethod method, RunOptions run, int threads = 0)
    {
        if (axes.Count == 0) throw new InputException($"nothing to sweep: give {new ParameterName("learning rates")} or {new ParameterName("grid")} key=values");
        var repeated = axes.GroupBy(a => a.Key).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw new InputException($"'{repeated.Key}' is swept twice");
        long total = axes.Aggregate(1L, (product, axis) => product * axis.Values.Count);
        if (total > MaxSettings) throw new InputException($"the sweep has {total} settings; at most {MaxSettings} are allowed");

        var settings = new List<KeyValuePair<string, double>[]> { Array.Empty<KeyValuePair<string, double>>() };
        foreach (var axis in axes)
            settings = settings.SelectMany(prefix => axis.Values.Select(v => prefix.Append(new(axis.Key, v)).ToArray())).ToList();
        // Every method is built before any run, so a refused value is reported before time is spent.
        var methods = settings.Select(s => method.With(s)).ToArray();
        double[] origin = start.ToArray();
        var runs = ParallelRuns.Run(objective, settings.Count, _ => origin, k => methods[k], run, threads);
        return new SweepReport(axes, settings.Select((s, k) => new SweepRun(s, runs[k])).ToArray());
    }
}
