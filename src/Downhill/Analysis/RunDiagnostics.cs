using System.Globalization;
using Downhill.Analysis.Diagnoses;
using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Analysis;

/// <summary>
/// Says what held a run back, with the evidence, from its trace and the Hessian at its ends (each diagnosis in a file
/// of its own under Analysis/Diagnoses):
/// <list type="bullet">
/// <item><b>diverging</b> — f rose (or stopped being finite) instead of falling; names the largest stable learning rate
/// 2/λmax of gradient descent, λmax the largest Hessian eigenvalue at the start.</item>
/// <item><b>zigzag</b> — at least 10 successive gradients in a row point nearly opposite (cosine below −0.5) and the
/// Hessian's condition number at the end is at least 10: the run bounces across an ill-conditioned valley. (In a round
/// bowl the same bouncing is a learning rate between 1/λ and 2/λ, which still converges.)</item>
/// <item><b>saddle</b> — the run ends at a near-stationary point whose Hessian has a negative eigenvalue: the quadratic
/// model's stationary point is within 0.01·(1 + ‖x‖), so the run stalled beside a saddle.</item>
/// <item><b>vanishing-gradient</b> — the run ends where f is flat to second order (‖∇f‖ + ½ max|λ| below
/// 0.01·max(1, |f|), so a unit step changes f by under 1%) yet no minimum is near.</item>
/// <item><b>plateau</b> — a stretch of at least 20 iterations (and a tenth of the run) where ‖∇f‖ stayed below 1% of
/// its largest value in the run, while f stayed above the end value by at least half of the run's total decrease: the
/// run crossed a plateau and got out of it late.</item>
/// <item><b>box</b> — the run ended on bounds of its box with ‖proj ∇f‖ ≤ 0.01·‖∇f‖: the box, not the function,
/// stopped the descent (tried instead of saddle and vanishing-gradient, which read ∇f itself).</item>
/// </list>
/// These are heuristics with stated thresholds, not proofs: each diagnostic carries the measured numbers.
/// </summary>
public static class RunDiagnostics
{
    /// <summary>
    /// The diagnoses that hold for <paramref name="result"/>, a run on <paramref name="objective"/> (empty when none does,
    /// when the run has no trace, or when the objective's dimension is not the run's); a diverging run gets that one alone.
    /// </summary>
    public static IReadOnlyList<Diagnostic> Diagnose(RunResult result, IObjective objective)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(objective);
        var found = new List<Diagnostic>();
        if (result.Trace.Count == 0 || objective.Dimension != result.X.Count) return found;

        if (DivergingDiagnosis.Find(result, objective) is { } diverging)
        {
            found.Add(diverging);
            return found; // a blown-up run's end point says nothing about the landscape near it
        }
        if (PlateauDiagnosis.Find(result) is { } plateau) found.Add(plateau);
        if (ZigzagDiagnosis.Find(result, objective) is { } zigzag) found.Add(zigzag);

        var end = EndPoint.At(objective, result.X);
        if (end is null) return found;
        if (BoxDiagnosis.Find(result, objective, end) is { } box) found.Add(box);
        else if (SaddleDiagnosis.Find(result, end) is { } saddle) found.Add(saddle);
        else if (VanishingGradientDiagnosis.Find(result, end) is { } vanishing) found.Add(vanishing);
        return found;
    }

    /// <summary>A number in a diagnostic's evidence: three significant digits.</summary>
    internal static string Format(double v) => v.ToString("g3", CultureInfo.InvariantCulture);
}
