namespace Downhill.Functions;

/// <summary>Rastrigin: f(x) = 10n + Σ (xᵢ² − 10 cos 2πxᵢ); a regular egg-box of local minima, global minimum 0 at 0.</summary>
internal sealed class RastriginObjective(int dimension) : SeparableObjective(dimension, 10.0 * dimension)
{
    protected override double Term(double x, out double slope, out double curvature)
    {
        double w = 2 * Math.PI * x;
        var (sin, cos) = Math.SinCos(w);
        slope = 2 * x + 20 * Math.PI * sin;
        curvature = 2 + 40 * Math.PI * Math.PI * cos;
        return x * x - 10 * cos;
    }
}
