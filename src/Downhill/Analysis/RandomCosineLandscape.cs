using Downhill.Functions;

namespace Downhill.Analysis;

/// <summary>
/// A random smooth function of n variables, f(x) = Σₖ aₖ cos(wₖ·x + φₖ), with wₖ ~ N(0, I), aₖ ~ N(0, 1/K) and
/// φₖ ~ U[0, 2π): a stand-in for a generic landscape whose critical points can be counted in any dimension.
/// </summary>
/// <remarks>
/// ∇f = −Σ aₖ sin(wₖ·x + φₖ) wₖ and ∇²f = −Σ aₖ cos(wₖ·x + φₖ) wₖwₖᵀ, both exact. The coefficients come from the
/// keyed stream (seed, dimension, 0x5add1e), so the same seed gives the same function on every machine.
/// </remarks>
public sealed class RandomCosineLandscape : IObjective
{
    private readonly double[] _frequencies; // K × n, row-major
    private readonly double[] _amplitudes;
    private readonly double[] _phases;

    /// <summary>A random sum of <paramref name="terms"/> cosines in <paramref name="dimension"/> variables, drawn from <paramref name="seed"/>.</summary>
    public RandomCosineLandscape(int dimension, int terms, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(terms, 1);
        Dimension = dimension;
        Terms = terms;
        Variables = Enumerable.Range(1, dimension).Select(i => $"x{i}").ToArray();
        var random = KeyedSeed.Random(seed, dimension, 0x5add1e);
        _frequencies = new double[terms * dimension];
        _amplitudes = new double[terms];
        _phases = new double[terms];
        for (int k = 0; k < terms; k++)
        {
            for (int i = 0; i < dimension; i++) _frequencies[k * dimension + i] = random.NextGaussian();
            _amplitudes[k] = random.NextGaussian() / Math.Sqrt(terms);
            _phases[k] = random.NextUniform(0, 2 * Math.PI);
        }
    }

    /// <inheritdoc/>
    public int Dimension { get; }
    /// <summary>How many cosine terms the function sums.</summary>
    public int Terms { get; }
    /// <inheritdoc/>
    public IReadOnlyList<string> Variables { get; }

    /// <inheritdoc/>
    public double Value(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int k = 0; k < Terms; k++) sum += _amplitudes[k] * Math.Cos(Argument(k, x));
        return sum;
    }

    /// <inheritdoc/>
    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        gradient.Clear();
        double sum = 0;
        for (int k = 0; k < Terms; k++)
        {
            var (sin, cos) = Math.SinCos(Argument(k, x));
            sum += _amplitudes[k] * cos;
            double coefficient = -_amplitudes[k] * sin;
            for (int i = 0; i < Dimension; i++) gradient[i] += coefficient * _frequencies[k * Dimension + i];
        }
        return sum;
    }

    /// <inheritdoc/>
    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = Dimension;
        hessian[..(n * n)].Clear();
        double sum = ValueAndGradient(x, gradient);
        for (int k = 0; k < Terms; k++)
        {
            double coefficient = -_amplitudes[k] * Math.Cos(Argument(k, x));
            for (int i = 0; i < n; i++)
            {
                double wi = coefficient * _frequencies[k * n + i];
                for (int j = 0; j < n; j++) hessian[i * n + j] += wi * _frequencies[k * n + j];
            }
        }
        return sum;
    }

    private double Argument(int k, ReadOnlySpan<double> x)
    {
        double dot = _phases[k];
        for (int i = 0; i < Dimension; i++) dot += _frequencies[k * Dimension + i] * x[i];
        return dot;
    }
}
