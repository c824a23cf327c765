namespace Downhill.Functions;

/// <summary>
/// Ackley: f(x) = −20·exp(−0.2·s) − exp(C) + 20 + e, with s = √(Σxᵢ²/n) and C = Σcos(2πxᵢ)/n; a nearly flat outer
/// region, many local minima, and a sharp global minimum 0 at the origin.
/// </summary>
/// <remarks>
/// At the origin the cone term −20·exp(−0.2·s) is not differentiable. The gradient there is 0 (a valid
/// subgradient, and the limit along every ray's average), and the Hessian's diagonal is +∞ (the curvature of a cone's
/// tip, as for sqrt'(0)); its off-diagonal cone part is 0.
/// </remarks>
internal sealed class AckleyObjective(int dimension) : IObjective, IHessianVectorProduct
{
    private const double A = 20, B = 0.2, C = 2 * Math.PI;

    public int Dimension { get; } = dimension;

    public IReadOnlyList<string> Variables { get; } = AnyDimension.VariableNames(dimension);

    public double Value(ReadOnlySpan<double> x)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        var (s, mean) = Sums(x);
        return -A * Math.Exp(-B * s) - Math.Exp(mean) + A + Math.E;
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        AnyDimension.Check(x.Length, Dimension, nameof(x));
        AnyDimension.Check(gradient.Length, Dimension, nameof(gradient));
        int n = Dimension;
        var (s, mean) = Sums(x);
        double cone = Math.Exp(-B * s), wave = Math.Exp(mean);
        double coneScale = s > 0 ? A * B * cone / (n * s) : 0;
        for (int i = 0; i < n; i++)
            gradient[i] = coneScale * x[i] + wave * C * Math.Sin(C * x[i]) / n;
        return -A * cone - wave + A + Math.E;
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = Dimension;
        AnyDimension.Check(hessian.Length, n * n, nameof(hessian));
        double f = ValueAndGradient(x, gradient);
        var (s, mean) = Sums(x);
        double cone = Math.Exp(-B * s), wave = Math.Exp(mean);
        // sin(c·xⱼ) parked on the diagonal, so the n² entries need only n sines; row i overwrites (i, i) only after
        // reading its own, and rows below still find theirs.
        for (int j = 0; j < n; j++) hessian[j * n + j] = Math.Sin(C * x[j]);
        for (int i = 0; i < n; i++)
        {
            double sinI = hessian[i * n + i], cosI = Math.Cos(C * x[i]);
            for (int j = i; j < n; j++)
            {
                double sinJ = j == i ? sinI : hessian[j * n + j];
                // ∂²/∂xᵢ∂xⱼ of the cone: (AB·cone/n)·[δᵢⱼ/s − xᵢxⱼ(b/(n s²) + 1/(n s³))]
                double conePart = s > 0
                    ? A * B * cone / n * ((i == j ? 1 / s : 0) - x[i] * x[j] * (B / (n * s * s) + 1 / (n * s * s * s)))
                    : i == j ? double.PositiveInfinity : 0;
                // ∂²/∂xᵢ∂xⱼ of −exp(C): (c²·exp(C)/n)·[δᵢⱼ cos(c xᵢ) − sin(c xᵢ) sin(c xⱼ)/n]
                double wavePart = C * C * wave / n * ((i == j ? cosI : 0) - sinI * sinJ / n);
                hessian[i * n + j] = hessian[j * n + i] = conePart + wavePart;
            }
        }
        return f;
    }

    /// <summary>
    /// The same Hessian as <see cref="ValueGradientHessian"/>, applied without forming it: each part is a diagonal
    /// plus a rank-one term, (AB·cone/n)·[v/s − x(x·v)(B/(n s²) + 1/(n s³))] and (c²·exp(C)/n)·[cos(c x)⊙v − sin(c x)(sin(c x)·v)/n].
    /// At the origin the cone's diagonal is +∞, so the product is ±∞ (NaN where vᵢ = 0), as the dense product gives.
    /// </summary>
    public void HessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result)
    {
        int n = Dimension;
        AnyDimension.Check(x.Length, n, nameof(x));
        AnyDimension.Check(v.Length, n, nameof(v));
        AnyDimension.Check(result.Length, n, nameof(result));
        var (s, mean) = Sums(x);
        double cone = Math.Exp(-B * s), wave = Math.Exp(mean);
        double xv = 0, sv = 0;
        for (int i = 0; i < n; i++)
        {
            xv += x[i] * v[i];
            sv += Math.Sin(C * x[i]) * v[i];
        }
        double coneScale = A * B * cone / n, coneRank = B / (n * s * s) + 1 / (n * s * s * s), waveScale = C * C * wave / n;
        for (int i = 0; i < n; i++)
        {
            double conePart = s > 0 ? coneScale * (v[i] / s - x[i] * xv * coneRank) : double.PositiveInfinity * v[i];
            double wavePart = waveScale * (Math.Cos(C * x[i]) * v[i] - Math.Sin(C * x[i]) * sv / n);
            result[i] = conePart + wavePart;
        }
    }

    private static (double S, double MeanCos) Sums(ReadOnlySpan<double> x)
    {
        double squares = 0, cosines = 0;
        foreach (double xi in x)
        {
            squares += xi * xi;
            cosines += Math.Cos(C * xi);
        }
        return (Math.Sqrt(squares / x.Length), cosines / x.Length);
    }
}
