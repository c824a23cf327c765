using System.Numerics.Tensors;

namespace Downhill.Optimizers;

/// <summary>
/// Dense symmetric positive-definite systems for Newton's method: Cholesky factorization A = LLᵀ in place (row-major,
/// lower triangle), the solve with it, and the shifted factorization of Nocedal and Wright's Algorithm 3.3
/// (Cholesky with added multiple of the identity) for Hessians that are not positive definite.
/// </summary>
internal static class NewtonSystem
{
    /// <summary>
    /// Overwrites the lower triangle of the n×n matrix <paramref name="a"/> with L where A = LLᵀ. False when a pivot
    /// is not positive (A is not positive definite) or not finite; the matrix is then partly overwritten.
    /// </summary>
    public static bool TryFactor(Span<double> a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> rowJ = a.Slice(j * n, j);
            double pivot = a[j * n + j] - TensorPrimitives.Dot(rowJ, rowJ);
            if (!(pivot > 0) || !double.IsFinite(pivot)) return false;
            double ljj = Math.Sqrt(pivot);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++)
                a[i * n + j] = (a[i * n + j] - TensorPrimitives.Dot(a.Slice(i * n, j), rowJ)) / ljj;
        }
        return true;
    }

    /// <summary>Solves LLᵀx = b in place, with L from <see cref="TryFactor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (int i = 0; i < n; i++)
            b[i] = (b[i] - TensorPrimitives.Dot(l.Slice(i * n, i), b[..i])) / l[i * n + i];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < n; k++) sum -= l[k * n + i] * b[k];
            b[i] = sum / l[i * n + i];
        }
    }

    /// <summary>
    /// Factors A + τI with the smallest τ of the sequence 0 (when A's diagonal is positive) or −min Aᵢᵢ + β, then doubling,
    /// that makes it positive definite (β = 10⁻³·max(1, max |Aᵢᵢ|)). <paramref name="hessian"/> is kept;
    /// <paramref name="factor"/> receives L. Returns τ, or NaN when no τ up to 10³⁰⁰ works (A not finite).
    /// </summary>
    public static double FactorShifted(ReadOnlySpan<double> hessian, int n, Span<double> factor)
    {
        double minDiagonal = double.PositiveInfinity, maxDiagonal = 0;
        for (int i = 0; i < n; i++)
        {
            double d = hessian[i * n + i];
            minDiagonal = Math.Min(minDiagonal, d);
            maxDiagonal = Math.Max(maxDiagonal, Math.Abs(d));
        }
        double beta = 1e-3 * Math.Max(1, maxDiagonal);
        double tau = minDiagonal > 0 ? 0 : beta - minDiagonal;
        while (tau < 1e300)
        {
            hessian.CopyTo(factor);
            for (int i = 0; i < n; i++) factor[i * n + i] += tau;
            if (TryFactor(factor, n)) return tau;
            tau = Math.Max(2 * tau, beta);
        }
        return double.NaN;
    }
}
