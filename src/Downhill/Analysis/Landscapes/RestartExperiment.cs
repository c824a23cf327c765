using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Analysis.Landscapes;

/// <summary>One row of the restart experiment: the chance that the best of N restarts is the global minimum.</summary>
/// <param name="Restarts">N.</param>
/// <param name="Groups">How many disjoint groups of N starts the measured chance is averaged over.</param>
/// <param name="Measured">The share of those groups in which some run reached the global minimum.</param>
/// <param name="Predicted">1 − (1 − p)ᴺ, from the single-start success rate p over all starts.</param>
public sealed record RestartRow(int Restarts, int Groups, double Measured, double Predicted);

/// <summary>The restart experiment's rows, with the single-start success rate they rest on.</summary>
/// <param name="Starts">All starts run.</param>
/// <param name="Successes">Runs that ended at the global minimum (f within the tolerance of it) inside the box.</param>
/// <param name="GlobalF">The global minimum's value used.</param>
/// <param name="Rows">One row per restart count.</param>
/// <param name="Constrained">Whether the runs kept to the box (<see cref="RestartReport.Constrained"/>).</param>
public sealed record RestartExperimentReport(int Starts, int Successes, double GlobalF, IReadOnlyList<RestartRow> Rows, bool Constrained = false)
{
    /// <summary>p: the chance that one start reaches the global minimum.</summary>
    public double SuccessRate => Starts == 0 ? 0 : (double)Successes / Starts;

    /// <summary>The fewest restarts that reach the global minimum with probability ≥ <paramref name="confidence"/>, from p; null when p is 0.</summary>
    public int? RestartsFor(double confidence) =>
        SuccessRate <= 0 ? null
        : SuccessRate >= 1 ? 1
        : (int)Math.Ceiling(Math.Log(1 - confidence) / Math.Log(1 - SuccessRate));
}

/// <summary>
/// The course's restart experiment: on a function with many local minima, the chance of reaching the global minimum
/// against the number of restarts. All starts run once (in parallel, each from its keyed seed); the chance for N
/// restarts is measured over disjoint groups of N consecutive starts and set beside 1 − (1 − p)ᴺ. The runs keep to the
/// box unless <see cref="RestartOptions.Constrain"/> is false; a run that left the box, blew up or fell without bound
/// never counts as reaching the global minimum, whatever its f.
/// </summary>
public static class RestartExperiment
{
    /// <param name="objective">The function (e.g. rastrigin).</param>
    /// <param name="method">The optimizer.</param>
    /// <param name="options">Starts (all of them), seed, initializer, bounds, stopping rules, threads.</param>
    /// <param name="restartCounts">The N values for the rows.</param>
    /// <param name="globalF">The global minimum's value; null uses the lowest f a run reached inside the box.</param>
    /// <param name="fTolerance">A run succeeded when its f is within this of <paramref name="globalF"/> (absolute).</param>
    public static RestartExperimentReport Run(IObjective objective, IMethod method, RestartOptions options,
        IReadOnlyList<int> restartCounts, double? globalF = null, double fTolerance = 1e-6)
    {
        if (restartCounts.Count == 0 || restartCounts.Any(n => n < 1 || n > options.Starts))
            throw new InputException($"restart counts must be from 1 to the number of starts ({options.Starts})");
        var report = RandomRestarts.Run(objective, method, options);
        bool[] inBox = report.Labels.Select(label => label >= 0 || label == RestartReport.UnconvergedLabel).ToArray();
        double target = globalF ?? report.Runs.Where((r, k) => inBox[k]).Select(r => r.F).DefaultIfEmpty(double.NaN).Min();
        bool[] success = report.Runs.Select((r, k) => inBox[k] && r.F <= target + fTolerance).ToArray();
        int successes = success.Count(s => s);
        double p = (double)successes / success.Length;
        var rows = restartCounts.Select(n =>
        {
            int groups = success.Length / n;
            int hit = Enumerable.Range(0, groups).Count(g => success.AsSpan(g * n, n).Contains(true));
            return new RestartRow(n, groups, (double)hit / groups, 1 - Math.Pow(1 - p, n));
        }).ToArray();
        return new RestartExperimentReport(success.Length, successes, target, rows, report.Constrained);
    }
}
