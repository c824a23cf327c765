using Downhill.Functions;
using Downhill.Numerics;

namespace Downhill.Analysis.Diagnoses;

/// <summary>f, ∇f and the curvature at a point, and the distance to the stationary point of the local quadratic model.</summary>
internal sealed record EndPoint(double F, double GradientNorm, double Norm, Curvature Curvature, double ModelDistance)
{
    /// <summary>How close, relative to 1 + ‖x‖, the quadratic model's stationary point must be for the run to count as stalled at it.</summary>
    public const double NearRelative = 1e-2;

    /// <summary>Whether the end is within <see cref="NearRelative"/>·(1 + ‖x‖) of its quadratic model's stationary point.</summary>
    public bool NearItsModelsStationaryPoint => ModelDistance <= NearRelative * (1 + Norm);

    /// <summary>
    /// The most variables at which a run's diagnoses read the Hessian (n² numbers and an eigen-decomposition, twice
    /// the work of a Newton step): at 10,000 variables one diagnosis would take hours and 800 MB a matrix. Past it the
    /// diagnoses that need curvature (saddle, vanishing gradient, box, zigzag, a diverging run's λmax) are not made.
    /// </summary>
    public const int MaxDimension = 200;

    /// <summary>f, ∇f and the curvature at <paramref name="point"/>; null where any is not finite or past <see cref="MaxDimension"/> variables.</summary>
    public static EndPoint? At(IObjective objective, IReadOnlyList<double> point)
    {
        int n = objective.Dimension;
        if (n > MaxDimension) return null;
        var x = point.ToArray();
        if (!x.All(double.IsFinite)) return null;
        var g = new double[n];
        var h = new double[n * n];
        double f = objective.ValueGradientHessian(x, g, h);
        if (!double.IsFinite(f) || !g.All(double.IsFinite) || !h.All(double.IsFinite)) return null;
        var (values, vectors) = Curvature.Eigen(h, n);
        var curvature = Curvature.OfEigenvalues(values);
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
