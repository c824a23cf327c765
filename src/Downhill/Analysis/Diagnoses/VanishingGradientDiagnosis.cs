using Downhill.Running;

namespace Downhill.Analysis.Diagnoses;

/// <summary>
/// <b>vanishing-gradient</b>: the run ends where f is flat to second order (‖∇f‖ + ½ max|λ| below
/// <see cref="FlatRelative"/>·max(1, |f|), so a unit step changes f by under 1%) yet no minimum is near.
/// </summary>
internal static class VanishingGradientDiagnosis
{
    /// <summary>How flat, relative to max(1, |f|), the end must be to count.</summary>
    public const double FlatRelative = 1e-2;

    public static Diagnostic? Find(RunResult result, EndPoint end)
    {
        var c = end.Curvature;
        double curvature = Math.Max(Math.Abs(c.Eigenvalues[0]), Math.Abs(c.Eigenvalues[^1]));
        bool flat = end.GradientNorm + 0.5 * curvature < FlatRelative * Math.Max(1, Math.Abs(end.F));
        bool nearMinimum = c.Kind == CriticalPointKind.Minimum && end.NearItsModelsStationaryPoint;
        if (!flat || nearMinimum || end.GradientNorm == 0) return null;
        return new Diagnostic("vanishing-gradient", result.Iterations,
            $"‖∇f‖ = {RunDiagnostics.Format(end.GradientNorm)} at the end with curvature at most {RunDiagnostics.Format(curvature)}: f is nearly flat " +
            $"here (f = {RunDiagnostics.Format(end.F)}) and no minimum is near, so steps proportional to the gradient get nowhere");
    }
}
