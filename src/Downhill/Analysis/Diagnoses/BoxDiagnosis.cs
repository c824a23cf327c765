using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Analysis.Diagnoses;

/// <summary>
/// <b>box</b>: the run ended on bounds of its box with ‖proj ∇f‖ at most <see cref="ProjectedShare"/>·‖∇f‖: the box,
/// not the function, stopped the descent. Checked before saddle and vanishing-gradient, which read ∇f itself and say
/// nothing true at such an end.
/// </summary>
internal static class BoxDiagnosis
{
    /// <summary>The share of ‖∇f‖ the projected gradient may keep at an end held by the box.</summary>
    public const double ProjectedShare = 1e-2;

    public static Diagnostic? Find(RunResult result, IObjective objective, EndPoint end)
    {
        if (result.Bounds is null || result.ActiveBounds.Count == 0 || !(end.GradientNorm > 0)) return null;
        // With bounds the result's gradient norm is the projected gradient's.
        if (!(result.GradientNorm <= ProjectedShare * end.GradientNorm)) return null;
        string bounds = string.Join(", ", result.ActiveBounds.Select(b =>
            $"{objective.Variables[b.Index]} = {RunDiagnostics.Format(b.Limit)} ({(b.Side == BoundSide.Lower ? "lower" : "upper")})"));
        return new Diagnostic("box", result.Iterations,
            $"the run ended on the box, at {bounds}: ‖∇f‖ = {RunDiagnostics.Format(end.GradientNorm)} there but the projected " +
            $"gradient is {RunDiagnostics.Format(result.GradientNorm)}, so the box, not the function, stopped the descent " +
            "(f would fall further outside it)");
    }
}
