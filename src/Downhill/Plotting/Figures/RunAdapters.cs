using System.Globalization;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;

namespace Downhill.Plotting;

/// <summary>Turns run results into the plain inputs the figures draw.</summary>
public static class RunAdapters
{
    /// <summary>The run's iterates in the plane of its first two variables.</summary>
    public static Path2D ToPath(RunResult run, string? label = null) =>
        new(label ?? Label(run), run.Trace.Select(t => (t.X[0], t.X.Count > 1 ? t.X[1] : 0.0)).ToList());

    /// <summary>The run's recorded f and ‖∇f‖ against iteration.</summary>
    public static LossCurve ToLossCurve(RunResult run, string? label = null) =>
        new(label ?? Label(run), run.Trace.Select(t => new LossPoint(t.Iteration, t.F, t.GradientNorm)).ToList(), run.DivergedAt is not null);

    /// <summary>The final value of a run at a given learning rate, for a sweep.</summary>
    public static SweepPoint ToSweepPoint(RunResult run, double learningRate) =>
        new(learningRate, run.F, run.DivergedAt is not null || !double.IsFinite(run.F));

    /// <summary>
    /// "adam lr=0.1": the method, its learning rate, and the hyperparameters that differ from the method's defaults
    /// (all of them, for a method the registry does not know); " (diverged)" when it diverged.
    /// </summary>
    public static string Label(RunResult run)
    {
        IReadOnlyList<Hyperparameter> defaults;
        try
        {
            defaults = Methods.Parse(run.Method).Hyperparameters;
        }
        catch (InputException)
        {
            defaults = [];
        }
        var settings = run.Hyperparameters
            .Where(h => h.Name == "lr" || !defaults.Any(d => d.Name == h.Name && d.FormattedValue == h.FormattedValue))
            .Select(h => h.Value is double d ? $"{h.Name}={d.ToString("G4", CultureInfo.InvariantCulture)}" : h.ToString());
        string text = string.Join(" ", settings.Prepend(run.Method));
        return run.DivergedAt is null ? text : text + " (diverged)";
    }

    /// <summary>A one-line account of a run for a subtitle.</summary>
    public static string Describe(RunResult run) => string.Create(CultureInfo.InvariantCulture,
        $"{Label(run)}: {run.Iterations} iterations, f = {run.F:G6}, stop: {run.Stop.ToName()}");
}
