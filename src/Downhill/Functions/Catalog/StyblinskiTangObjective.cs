namespace Downhill.Functions;

/// <summary>Styblinski–Tang: f(x) = ½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ); 2ⁿ minima, the global one at xᵢ ≈ −2.9035.</summary>
internal sealed class StyblinskiTangObjective(int dimension) : SeparableObjective(dimension, 0)
{
    protected override double Term(double x, out double slope, out double curvature)
    {
        double x2 = x * x;
        slope = 2 * x2 * x - 16 * x + 2.5;
        curvature = 6 * x2 - 16;
        return 0.5 * (x2 * x2 - 16 * x2 + 5 * x);
    }
}
