using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Analysis.Diagnoses;

/// <summary>
/// <b>zigzag</b>: at least <see cref="MinimumSteps"/> successive gradients in a row point nearly opposite (cosine below
/// <see cref="Cosine"/>) and the Hessian's condition number at the end is at least <see cref="MinimumCondition"/>: the
/// run bounces across an ill-conditioned valley. (In a round bowl the same bouncing is a learning rate between 1/λ and
/// 2/λ, which still converges.)
/// </summary>
internal static class ZigzagDiagnosis
{
    /// <summary>Successive gradients whose cosine is below this point nearly opposite.</summary>
    public const double Cosine = -0.5;

    /// <summary>The fewest such gradients in a row that count.</summary>
    public const int MinimumSteps = 10;

    /// <summary>The least condition number of the Hessian at the end: a narrow valley.</summary>
    public const double MinimumCondition = 10;

    public static Diagnostic? Find(RunResult result, IObjective objective)
    {
        var trace = result.Trace;
        int n = objective.Dimension;
        if (n < 2) return null;
        // Gradients are recomputed at recorded iterates; only consecutive iterations say anything about zig-zag.
        const int window = 400;
        int from = Math.Max(0, trace.Count - window);
        var previous = new double[n];
        var current = new double[n];
        bool havePrevious = false;
        int streak = 0, bestStreak = 0;
        long streakStart = 0, bestStart = 0;
        double cosineSum = 0, bestCosineSum = 0;
        for (int i = from; i < trace.Count; i++)
        {
            var x = trace[i].X.ToArray();
            objective.ValueAndGradient(x, current);
            bool consecutive = havePrevious && trace[i].Iteration == trace[i - 1].Iteration + 1;
            double cosine = consecutive ? CosineOf(previous, current) : double.NaN;
            if (cosine < Cosine)
            {
                if (streak == 0) { streakStart = trace[i - 1].Iteration; cosineSum = 0; }
                streak++;
                cosineSum += cosine;
                if (streak > bestStreak) { bestStreak = streak; bestStart = streakStart; bestCosineSum = cosineSum; }
            }
            else
            {
                streak = 0;
            }
            (previous, current) = (current, previous);
            havePrevious = true;
        }
        if (bestStreak < MinimumSteps) return null;
        var end = EndPoint.At(objective, result.X);
        if (end is null || !(end.Curvature.ConditionNumber >= MinimumCondition)) return null;
        return new Diagnostic("zigzag", bestStart,
            $"{bestStreak} successive gradients in a row point nearly opposite (mean cosine {RunDiagnostics.Format(bestCosineSum / bestStreak)}) " +
            $"from iteration {bestStart}; the Hessian's condition number at the end is {RunDiagnostics.Format(end.Curvature.ConditionNumber)}: " +
            "the run bounces across a narrow valley");
    }

    private static double CosineOf(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? double.NaN : dot / Math.Sqrt(na * nb);
    }
}
