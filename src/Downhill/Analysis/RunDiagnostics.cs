using System.Globalization;
using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Analysis;

/// <summary>
/// Says what held a run back, with the evidence, from its trace and the Hessian at its ends:
/// <list type="bullet">
/// <item><b>diverging</b> — f rose (or stopped being finite) instead of falling; names the largest stable learning rate
/// 2/λmax of gradient descent, λmax the largest Hessian eigenvalue at the start.</item>
/// <item><b>zigzag</b> — at least <see cref="ZigzagMinimumSteps"/> successive gradients in a row point nearly opposite
/// (cosine below <see cref="ZigzagCosine"/>) and the Hessian's condition number at the end is at least
/// <see cref="ZigzagMinimumCondition"/>: the run bounces across an ill-conditioned valley. (In a round bowl the same
/// bouncing is a learning rate between 1/λ and 2/λ, which still converges.)</item>
/// <item><b>saddle</b> — the run ends at a near-stationary point whose Hessian has a negative eigenvalue: the quadratic
/// model's stationary point is within <see cref="NearRelative"/>·(1 + ‖x‖), so the run stalled beside a saddle.</item>
/// <item><b>vanishing-gradient</b> — the run ends where f is flat to second order (‖∇f‖ + ½ max|λ| below
/// <see cref="FlatRelative"/>·max(1, |f|), so a unit step changes f by under 1%) yet no minimum is near.</item>
/// <item><b>plateau</b> — a stretch of at least <see cref="PlateauMinimumIterations"/> iterations (and a tenth of the
/// run) where ‖∇f‖ stayed below <see cref="PlateauGradientShare"/> of its largest value in the run, while f stayed
/// above the end value by at least half of the run's total decrease: the run crossed a plateau and got out of it late.</item>
/// </list>
/// These are heuristics with stated thresholds, not proofs: each diagnostic carries the measured numbers.
/// </summary>
public static class RunDiagnostics
{
    public const double ZigzagCosine = -0.5;
    public const int ZigzagMinimumSteps = 10;
    public const double ZigzagMinimumCondition = 10;
    public const double NearRelative = 1e-2;
    public const double FlatRelative = 1e-2;
    public const double PlateauGradientShare = 1e-2;
    public const int PlateauMinimumIterations = 20;

    public static IReadOnlyList<Diagnostic> Diagnose(RunResult result, IObjective objective)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(objective);
        var found = new List<Diagnostic>();
        if (result.Trace.Count == 0 || objective.Dimension != result.X.Count) return found;

        Diagnostic? diverging = Diverging(result, objective);
        if (diverging is not null)
        {
            found.Add(diverging);
            return found; // a blown-up run's end point says nothing about the landscape near it
        }
        if (Plateau(result) is { } plateau) found.Add(plateau);
        if (Zigzag(result, objective) is { } zigzag) found.Add(zigzag);

        var end = EndPoint.At(objective, result.X);
        if (end is null) return found;
        if (Saddle(result, end) is { } saddle) found.Add(saddle);
        else if (VanishingGradient(result, end) is { } vanishing) found.Add(vanishing);
        return found;
    }

    private static Diagnostic? Diverging(RunResult result, IObjective objective)
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
        string fEnd = double.IsFinite(result.F) ? Format(result.F) : result.F.ToString(CultureInfo.InvariantCulture);
        string evidence = $"f went from {Format(f0)} to {fEnd} by iteration {result.Iterations}";
        if (result.StopDetail.Length > 0 && result.Stop == StopReason.Diverged) evidence += $" ({result.StopDetail})";
        var start = EndPoint.At(objective, result.Start);
        double largest = start?.Curvature.Eigenvalues[^1] ?? double.NaN;
        if (largest > 0)
        {
            double stable = 2 / largest;
            string lr = LearningRate(result) is { } rate && double.IsFinite(rate) ? $"lr {Format(rate)} is above it; " : "";
            evidence += $"; the largest Hessian eigenvalue at the start is {Format(largest)}, so gradient descent is stable " +
                        $"only for lr < 2/λmax = {Format(stable)} ({lr}try lr ≤ {Format(stable / 2)})";
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

    private static Diagnostic? Plateau(RunResult result)
    {
        var trace = result.Trace;
        double largestGradient = trace.Where(e => double.IsFinite(e.GradientNorm)).Select(e => e.GradientNorm).DefaultIfEmpty(0).Max();
        double f0 = trace[0].F, fEnd = result.F;
        if (!(largestGradient > 0) || !double.IsFinite(fEnd) || !(f0 > fEnd)) return null;
        double threshold = PlateauGradientShare * largestGradient;
        double high = fEnd + 0.5 * (f0 - fEnd);
        long needed = Math.Max(PlateauMinimumIterations, result.Iterations / 10);
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
                        $"‖∇f‖ stayed below {Format(flatGradient)} (under {PlateauGradientShare * 100:G3}% of its largest value " +
                        $"{Format(largestGradient)}) from iteration {trace[begin].Iteration} to {trace[last].Iteration} " +
                        $"while f ≈ {Format(trace[begin].F)}; f later fell to {Format(fEnd)}");
                }
                begin = -1;
            }
        }
        return null;
    }

    private static Diagnostic? Zigzag(RunResult result, IObjective objective)
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
            double cosine = consecutive ? Cosine(previous, current) : double.NaN;
            if (cosine < ZigzagCosine)
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
        if (bestStreak < ZigzagMinimumSteps) return null;
        var end = EndPoint.At(objective, result.X);
        if (end is null || !(end.Curvature.ConditionNumber >= ZigzagMinimumCondition)) return null;
        return new Diagnostic("zigzag", bestStart,
            $"{bestStreak} successive gradients in a row point nearly opposite (mean cosine {Format(bestCosineSum / bestStreak)}) " +
            $"from iteration {bestStart}; the Hessian's condition number at the end is {Format(end.Curvature.ConditionNumber)}: " +
            "the run bounces across a narrow valley");
    }

    private static Diagnostic? Saddle(RunResult result, EndPoint end)
    {
        var c = end.Curvature;
        if (c.Index == 0 || !(end.ModelDistance <= NearRelative * (1 + end.Norm))) return null;
        return new Diagnostic("saddle", result.Iterations,
            $"at the end ‖∇f‖ = {Format(end.GradientNorm)} and the Hessian has {c.Index} negative eigenvalue" +
            $"{(c.Index == 1 ? "" : "s")} (smallest {Format(c.Eigenvalues[0])}): the run stalled beside a saddle point; " +
            "f falls along the negative-curvature direction");
    }

    private static Diagnostic? VanishingGradient(RunResult result, EndPoint end)
    {
        var c = end.Curvature;
        double curvature = Math.Max(Math.Abs(c.Eigenvalues[0]), Math.Abs(c.Eigenvalues[^1]));
        bool flat = end.GradientNorm + 0.5 * curvature < FlatRelative * Math.Max(1, Math.Abs(end.F));
        bool nearMinimum = c.Kind == CriticalPointKind.Minimum && end.ModelDistance <= NearRelative * (1 + end.Norm);
        if (!flat || nearMinimum || end.GradientNorm == 0) return null;
        return new Diagnostic("vanishing-gradient", result.Iterations,
            $"‖∇f‖ = {Format(end.GradientNorm)} at the end with curvature at most {Format(curvature)}: f is nearly flat " +
            $"here (f = {Format(end.F)}) and no minimum is near, so steps proportional to the gradient get nowhere");
    }

    private static double? LearningRate(RunResult result) =>
        result.Hyperparameters.FirstOrDefault(h => h.Name == "lr")?.Value is double lr
            ? lr
            : result.Trace.Count > 1 ? result.Trace[^1].LearningRate : null;

    private static double Cosine(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
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

    internal static string Format(double v) => v.ToString("g3", CultureInfo.InvariantCulture);

    /// <summary>f, ∇f and the curvature at a point, and the distance to the stationary point of the local quadratic model.</summary>
    private sealed record EndPoint(double F, double GradientNorm, double Norm, Curvature Curvature, double ModelDistance)
    {
        public static EndPoint? At(IObjective objective, IReadOnlyList<double> point)
        {
            int n = objective.Dimension;
            var x = point.ToArray();
            if (!x.All(double.IsFinite)) return null;
            var g = new double[n];
            var h = new double[n * n];
            double f = objective.ValueGradientHessian(x, g, h);
            if (!double.IsFinite(f) || !g.All(double.IsFinite) || !h.All(double.IsFinite)) return null;
            var curvature = Curvature.Of(h, n);
            var (values, vectors) = Curvature.Eigen(h, n);
            // ‖H⁻¹∇f‖ over the eigen-directions; a gradient component along a flat direction puts the model's
            // stationary point at infinity.
            double squared = 0;
            for (int k = 0; k < n; k++)
            {
                double projection = 0;
                for (int i = 0; i < n; i++) projection += vectors[i * n + k] * g[i];
                if (Math.Abs(values[k]) <= curvature.Tolerance)
                {
                    if (Math.Abs(projection) > 1e-12 * Math.Max(1, Vectors.Norm(g))) squared = double.PositiveInfinity;
                    continue;
                }
                squared += projection / values[k] * (projection / values[k]);
            }
            return new EndPoint(f, Vectors.Norm(g), Vectors.Norm(x), curvature, Math.Sqrt(squared));
        }
    }
}
