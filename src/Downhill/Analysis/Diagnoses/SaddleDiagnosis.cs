using Downhill.Running;

namespace Downhill.Analysis.Diagnoses;

/// <summary>
/// <b>saddle</b>: the run ends at a near-stationary point (see <see cref="EndPoint.NearRelative"/>) whose Hessian has a
/// negative eigenvalue: it stalled beside a saddle.
/// </summary>
internal static class SaddleDiagnosis
{
    public static Diagnostic? Find(RunResult result, EndPoint end)
    {
        var c = end.Curvature;
        if (c.Index == 0 || !end.NearItsModelsStationaryPoint) return null;
        return new Diagnostic("saddle", result.Iterations,
            $"at the end ‖∇f‖ = {RunDiagnostics.Format(end.GradientNorm)} and the Hessian has {c.Index} negative eigenvalue" +
            $"{(c.Index == 1 ? "" : "s")} (smallest {RunDiagnostics.Format(c.Eigenvalues[0])}): the run stalled beside a saddle point; " +
            "f falls along the negative-curvature direction");
    }
}
