namespace Downhill.Optimizers.BoxConstrained;

/// <summary>
/// The small dense factorizations L-BFGS-B needs (LINPACK's dpofa and dtrsl, as its reference code calls them), on
/// column-major matrices: element (i, j) of a matrix with leading dimension <c>ld</c>, starting at <c>offset</c>, is
/// <c>a[offset + i + j·ld]</c>. Sizes are at most twice the history length, so plain loops are the fastest.
/// </summary>
internal static class Triangular
{
    /// <summary>
    /// Cholesky factorization A = RᵀR of the symmetric positive definite n×n matrix whose upper triangle is stored; R
    /// overwrites it. Returns false when A is not positive definite (a pivot ≤ 0).
    /// </summary>
    public static bool CholeskyUpper(Span<double> a, int offset, int ld, int n)
    {
        for (int j = 0; j < n; j++)
        {
            int column = offset + j * ld;
            double s = 0;
            for (int k = 0; k < j; k++)
            {
                int kColumn = offset + k * ld;
                double dot = 0;
                for (int i = 0; i < k; i++) dot += a[kColumn + i] * a[column + i];
                double t = (a[column + k] - dot) / a[kColumn + k];
                a[column + k] = t;
                s += t * t;
            }
            s = a[column + j] - s;
            if (!(s > 0)) return false;
            a[column + j] = Math.Sqrt(s);
        }
        return true;
    }

    /// <summary>Solves Rᵀz = b in place (R upper triangular, n×n): forward substitution. False when R is singular.</summary>
    public static bool SolveTransposed(ReadOnlySpan<double> r, int offset, int ld, int n, Span<double> b)
    {
        if (!NonSingular(r, offset, ld, n)) return false;
        for (int j = 0; j < n; j++)
        {
            int column = offset + j * ld;
            double dot = 0;
            for (int i = 0; i < j; i++) dot += r[column + i] * b[i];
            b[j] = (b[j] - dot) / r[column + j];
        }
        return true;
    }

    /// <summary>Solves Rz = b in place (R upper triangular, n×n): back substitution by columns. False when R is singular.</summary>
    public static bool Solve(ReadOnlySpan<double> r, int offset, int ld, int n, Span<double> b)
    {
        if (!NonSingular(r, offset, ld, n)) return false;
        for (int j = n - 1; j >= 0; j--)
        {
            int column = offset + j * ld;
            b[j] /= r[column + j];
            double bj = -b[j];
            for (int i = 0; i < j; i++) b[i] += bj * r[column + i];
        }
        return true;
    }

    private static bool NonSingular(ReadOnlySpan<double> r, int offset, int ld, int n)
    {
        for (int j = 0; j < n; j++)
            if (r[offset + j + j * ld] == 0) return false;
        return true;
    }
}
