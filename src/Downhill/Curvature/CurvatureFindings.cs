using System.Globalization;
using Downhill.Curvature.Spectra;

namespace Downhill.Curvature;

/// <summary>
/// What a Hessian's numbers mean, in the course's words: the largest stable learning rate of plain gradient descent
/// (2/λmax: along the top eigenvector a step of lr multiplies the error by 1 − lr·λmax, which grows in size past 2/λmax),
/// whether the smallest eigenvalues make the point a saddle, the mean curvature from the trace, and the density's
/// share of negative curvature.
/// </summary>
public static class CurvatureFindings
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The sentences for these results (none for what was not measured).</summary>
    public static IReadOnlyList<string> Describe(int n, IReadOnlyList<EigenEstimate> top, IReadOnlyList<EigenEstimate> bottom,
        TraceEstimate? trace, DensityEstimate? density, bool dense, CurvatureRequest request)
    {
        var findings = new List<string>();
        if (dense)
            findings.Add(string.Create(Invariant, $"{request.Top + request.Bottom} eigenvalues asked of {n:N0}: all {n:N0} were computed exactly, from the Hessian assembled by {n:N0} products and decomposed densely"));
        if (top.Count > 0)
        {
            double largest = top[0].Value;
            findings.Add(largest > 0
                ? string.Create(Invariant, $"largest stable learning rate for plain gradient descent ≈ 2/λmax = {G(2 / largest)}")
                : string.Create(Invariant, $"the largest eigenvalue, {G(largest)}, is not positive: no direction curves upward here"));
        }
        if (bottom.Count > 0)
        {
            int negative = bottom.Count(e => e.Value < 0 && e.SignIsCertain);
            int uncertain = bottom.Count(e => !e.SignIsCertain);
            string more = uncertain == 0 ? "" : string.Create(Invariant, $" ({uncertain} more {(uncertain == 1 ? "is" : "are")} within {(uncertain == 1 ? "its" : "their")} error of zero)");
            string smallest = bottom.Count == 1 ? "the smallest eigenvalue" : string.Create(Invariant, $"the {bottom.Count} smallest eigenvalues");
            string which = negative == bottom.Count
                ? (bottom.Count == 1 ? "the smallest eigenvalue is" : string.Create(Invariant, $"all {bottom.Count} smallest eigenvalues are"))
                : string.Create(Invariant, $"{negative} of {smallest} {(negative == 1 ? "is" : "are")}");
            findings.Add(negative > 0
                ? $"{which} negative: this point is a saddle, not a minimum{more}"
                : $"none of {smallest} is negative{more}: the loss curves upward or is flat in every direction measured (a minimum, if the gradient vanishes)");
            if (top.Count > 0 && bottom[0].Value > 0 && top[0].Value > 0)
                findings.Add(string.Create(Invariant, $"condition number λmax/λmin = {G(top[0].Value / bottom[0].Value)}: plain gradient descent at 2/λmax closes the gap along the flattest direction by a factor {G(1 - 2 * bottom[0].Value / top[0].Value)} per step"));
        }
        if (trace is { Probes: > 0 })
            findings.Add(string.Create(Invariant, $"trace ≈ {G(trace.Estimate)} ± {G(trace.StandardError)} (one standard error, {trace.Probes} probes): the mean curvature over all {n:N0} directions is {G(trace.Estimate / n)}"));
        if (density is { Probes: > 0 })
        {
            double below = density.Nodes.Where(q => q.Node < 0).Sum(q => q.Weight) / density.Probes;
            findings.Add(string.Create(Invariant, $"{100 * below:0.0}% of the spectrum's mass lies below zero (the density from {density.Probes} probes of {density.Nodes.Count / density.Probes} Lanczos steps)"));
        }
        return findings;
    }

    private static string G(double v) => v.ToString("G3", Invariant);
}
