using Downhill.Functions;

namespace Downhill.Tests.Optimizers;

/// <summary>f = Σ aᵢ(xᵢ − cᵢ)²: inside a box its minimizer is the projection of c, whatever the curvatures aᵢ.</summary>
public sealed class SeparableQuadratic(double[] curvatures, double[] centre) : IObjective
{
    public int Dimension => centre.Length;
    public IReadOnlyList<string> Variables { get; } = Enumerable.Range(1, centre.Length).Select(i => $"x{i}").ToArray();
    public double Value(ReadOnlySpan<double> x) => ValueAndGradient(x, new double[x.Length]);

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        double f = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - centre[i];
            f += curvatures[i] * d * d;
            g[i] = 2 * curvatures[i] * d;
        }
        return f;
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> g, Span<double> h) => throw new NotSupportedException();

    /// <summary>Where the minimizer lies, the centre c (the unconstrained minimizer), and the answer in the box [-1, 1]³.</summary>
    public static TheoryData<string, double[], double[]> OutsideTheUnitBox() => new()
    {
        { "face", [3, 0.25, -0.5], [1, 0.25, -0.5] },
        { "edge", [-4, 2, 0.3], [-1, 1, 0.3] },
        { "corner", [2, -3, 5], [1, -1, 1] },
    };
}
