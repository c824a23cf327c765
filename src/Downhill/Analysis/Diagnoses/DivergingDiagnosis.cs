using System.Globalization;
using Downhill.Functions;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Analysis.Diagnoses;

/// <summary>
/// <b>diverging</b>: f rose (or stopped being finite) instead of falling. The evidence names the largest stable learning
/// rate 2/λmax of gradient descent, λmax the largest Hessian eigenvalue at the start.
/// </summary>
internal static class DivergingDiagnosis
{
    public static Diagnostic? Find(RunResult result, IObjective objective)
    {
        var trace = result.Trace;
        double f0 = trace[0].F;
        int firstRise = -1;
        for (int i = 1; i < trace.Count; i++)
            if (!double.IsFinite(trace[i].F) || trace[i].F > f0 + 1e-12 * Math.Max(1, Math.Abs(f0)))
            {
                firstRise = i;
                break;
            }
        // f falling to −∞ is an unbounded function, not an unstable run.
        bool fellToMinusInfinity = double.IsNegativeInfinity(result.F) || (result.F < f0 && double.IsFinite(result.F));
        bool blewUp = result.Stop == StopReason.Diverged && !fellToMinusInfinity;
        bool roseToTheEnd = firstRise >= 0 && double.IsFinite(result.F) && result.F > f0 && Rising(trace);
        if (!blewUp && !roseToTheEnd) return null;

        long iteration = result.DivergedAt ?? (firstRise >= 0 ? trace[firstRise].Iteration : result.Iterations);
        string fEnd = double.IsFinite(result.F) ? RunDiagnostics.Format(result.F) : result.F.ToString(CultureInfo.InvariantCulture);
        string evidence = $"f went from {RunDiagnostics.Format(f0)} to {fEnd} by iteration {result.Iterations}";
        if (result.StopDetail.Length > 0 && result.Stop == StopReason.Diverged) evidence += $" ({result.StopDetail})";
        var start = EndPoint.At(objective, result.Start);
        double largest = start?.Curvature.Eigenvalues[^1] ?? double.NaN;
        if (largest > 0)
        {
            double stable = 2 / largest;
            string lr = LearningRate(result) is { } rate && double.IsFinite(rate) ? $"lr {RunDiagnostics.Format(rate)} is above it; " : "";
            evidence += $"; the largest Hessian eigenvalue at the start is {RunDiagnostics.Format(largest)}, so gradient descent is stable " +
                        $"only for lr < 2/λmax = {RunDiagnostics.Format(stable)} ({lr}try lr ≤ {RunDiagnostics.Format(stable / 2)})";
        }
        return new Diagnostic("diverging", iteration, evidence);
    }

    /// <summary>True when the last few recorded values of f rise.</summary>
    private static bool Rising(IReadOnlyList<TraceEntry> trace)
    {
        int count = Math.Min(5, trace.Count);
        if (count < 3) return false;
        for (int i = trace.Count - count + 1; i < trace.Count; i++)
            if (!(trace[i].F > trace[i - 1].F)) return false;
        return true;
    }

    private static double? LearningRate(RunResult result) =>
        result.Hyperparameters.FirstOrDefault(h => h.Name == "lr")?.Value is double lr
            ? lr
            : result.Trace.Count > 1 ? result.Trace[^1].LearningRate : null;
}
