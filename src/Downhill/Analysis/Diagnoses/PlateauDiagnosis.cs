using Downhill.Running;

namespace Downhill.Analysis.Diagnoses;

/// <summary>
/// <b>plateau</b>: a stretch of at least <see cref="MinimumIterations"/> iterations (and a tenth of the run) where ‖∇f‖
/// stayed below <see cref="GradientShare"/> of its largest value in the run, while f stayed above the end value by at
/// least half of the run's total decrease: the run crossed a plateau and got out of it late.
/// </summary>
internal static class PlateauDiagnosis
{
    /// <summary>The share of the run's largest gradient norm below which the gradient counts as flat.</summary>
    public const double GradientShare = 1e-2;

    /// <summary>The fewest iterations a flat stretch must last to count.</summary>
    public const int MinimumIterations = 20;

    public static Diagnostic? Find(RunResult result)
    {
        var trace = result.Trace;
        double largestGradient = trace.Where(e => double.IsFinite(e.GradientNorm)).Select(e => e.GradientNorm).DefaultIfEmpty(0).Max();
        double f0 = trace[0].F, fEnd = result.F;
        if (!(largestGradient > 0) || !double.IsFinite(fEnd) || !(f0 > fEnd)) return null;
        double threshold = GradientShare * largestGradient;
        double high = fEnd + 0.5 * (f0 - fEnd);
        long needed = Math.Max(MinimumIterations, result.Iterations / 10);
        int begin = -1;
        for (int i = 0; i <= trace.Count; i++)
        {
            bool flat = i < trace.Count && trace[i].GradientNorm <= threshold && trace[i].F >= high;
            if (flat && begin < 0) begin = i;
            if (!flat && begin >= 0)
            {
                int last = i - 1;
                long length = trace[last].Iteration - trace[begin].Iteration;
                // Only a plateau the run left counts here; ending on one is a vanishing gradient.
                if (length >= needed && i < trace.Count)
                {
                    double flatGradient = 0;
                    for (int k = begin; k <= last; k++) flatGradient = Math.Max(flatGradient, trace[k].GradientNorm);
                    return new Diagnostic("plateau", trace[begin].Iteration,
                        $"‖∇f‖ stayed below {RunDiagnostics.Format(flatGradient)} (under {GradientShare * 100:G3}% of its largest value " +
                        $"{RunDiagnostics.Format(largestGradient)}) from iteration {trace[begin].Iteration} to {trace[last].Iteration} " +
                        $"while f ≈ {RunDiagnostics.Format(trace[begin].F)}; f later fell to {RunDiagnostics.Format(fEnd)}");
                }
                begin = -1;
            }
        }
        return null;
    }
}
