using System.Globalization;

namespace Downhill.Curvature.Slices;

/// <summary>
/// What a slice says, in words: on a line from the initial weights, whether the loss falls all the way (Goodfellow et
/// al. found no barrier on that line for the networks they tried) or climbs over a barrier first; on a slice around the
/// trained weights, whether they are its lowest point, and how far the loss rises at the slice's edge.
/// </summary>
public static class SliceFindings
{
    /// <summary>What the slice shows, in sentences with the measured numbers.</summary>
    public static IReadOnlyList<string> Describe(LossSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        var findings = new List<string>();
        if (slice.Evaluated == 0) return findings;
        var loss = slice.Primary.Loss;
        if (slice.Directions == SliceDirections.Line)
        {
            // The points from α = 0 to α = 1: the largest rise above the lowest loss met so far is the barrier.
            double lowest = double.PositiveInfinity, barrier = 0, barrierAt = double.NaN;
            for (int i = 0; i < slice.X.Length; i++)
            {
                if (slice.X[i] < 0 || slice.X[i] > 1 || !double.IsFinite(loss[0, i])) continue;
                if (loss[0, i] - lowest > barrier) (barrier, barrierAt) = (loss[0, i] - lowest, slice.X[i]);
                lowest = Math.Min(lowest, loss[0, i]);
            }
            findings.Add(barrier <= 1e-9 * Math.Max(1, Math.Abs(lowest))
                ? "the loss falls all the way along the straight line from the initial to the trained weights: no barrier on it"
                : Invariant($"the loss climbs a barrier on the line: {G(barrier)} above the lowest loss before it, at α = {G(slice.X.Length > 0 ? barrierAt : 0)}"));
        }
        else if (slice.Primary.Lowest() is { } low)
        {
            double at = slice.AtTrained.Primary.Loss;
            double x = slice.X[low.I], y = slice.Y is { } ys ? ys[low.J] : 0;
            findings.Add(low.Loss >= at - 1e-12 * Math.Max(1, Math.Abs(at))
                ? "the trained weights are the lowest point of the slice"
                : Invariant($"a point of the slice is lower than the trained weights: {G(low.Loss)} < {G(at)} at ({G(x)}, {G(y)}) (they are not yet at the bottom of this slice)"));
            double edge = EdgeMean(loss);
            if (double.IsFinite(edge) && double.IsFinite(at) && at > 0)
                findings.Add(Invariant($"at the slice's edge the loss averages {G(edge)}, {G(edge / at)} times its value at the trained weights"));
        }
        if (slice.Eigenvalues.Count > 0)
        {
            string values = string.Join(", ", slice.Eigenvalues.Select(G));
            bool one = slice.Y is null;
            string downward = slice.Eigenvalues.Any(l => l < 0) ? " (a negative λ: the loss curves downward there)" : "";
            findings.Add(slice.AlongTopEigenvectors
                ? Invariant($"the directions are the Hessian's top eigenvectors, λ = {values}: along them the loss curves upward fastest")
                : Invariant($"the {(one ? "direction is" : "directions are")} the Hessian's {slice.EigenvectorWords()}, λ = {values}: along {(one ? "it" : "each")} the loss's second derivative at the trained weights is λ{downward}"));
        }
        return findings;
    }

    /// <summary>The mean finite loss on the border of the grid (both ends of a curve).</summary>
    private static double EdgeMean(double[,] loss)
    {
        int ny = loss.GetLength(0), nx = loss.GetLength(1);
        var edge = new List<double>();
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
                if ((i == 0 || i == nx - 1 || (ny > 1 && (j == 0 || j == ny - 1))) && double.IsFinite(loss[j, i])) edge.Add(loss[j, i]);
        return edge.Count > 0 ? edge.Average() : double.NaN;
    }

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
