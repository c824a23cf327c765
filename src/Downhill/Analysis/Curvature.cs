using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Downhill.Analysis;

/// <summary>What a critical point is, read from the signs of its Hessian's eigenvalues.</summary>
public enum CriticalPointKind
{
    /// <summary>Every eigenvalue above the tolerance band: a strict local minimum.</summary>
    Minimum,
    /// <summary>Every eigenvalue below the band: a strict local maximum.</summary>
    Maximum,
    /// <summary>Eigenvalues of both signs, none inside the band; the index is the number of negative ones.</summary>
    Saddle,
    /// <summary>Some eigenvalue inside the band: second derivatives cannot tell (x³ at 0, the monkey saddle).</summary>
    Degenerate,
}

/// <summary>The curvature of f at a point: the Hessian's eigenvalues (ascending), the kind they imply, and its conditioning.</summary>
/// <param name="Eigenvalues">The eigenvalues of the symmetric Hessian, smallest first.</param>
/// <param name="Kind">Minimum, maximum, saddle or degenerate.</param>
/// <param name="Index">The number of eigenvalues below the band (the Morse index of a saddle; 0 for a minimum).</param>
/// <param name="ConditionNumber">max|λ| / min|λ|; infinity when some eigenvalue is exactly zero.</param>
/// <param name="Tolerance">The half-width of the band around zero in which an eigenvalue counts as zero.</param>
public sealed record Curvature(IReadOnlyList<double> Eigenvalues, CriticalPointKind Kind, int Index, double ConditionNumber, double Tolerance)
{
    /// <summary>
    /// The band used when none is given: an eigenvalue λ counts as zero when |λ| ≤ 1e-6 · max(1, max|λ|).
    /// Relative, so a function and 1000 times it classify alike; floored at 1e-6 absolute because a Hessian that is
    /// zero to rounding (x³ at 0, polished only to x ≈ 1e-9) has no scale of its own.
    /// </summary>
    public const double DefaultRelativeTolerance = 1e-6;

    /// <summary>Eigen-decomposes the symmetric n×n Hessian (row-major; symmetrized first) and classifies it.</summary>
    public static Curvature Of(ReadOnlySpan<double> hessian, int dimension, double relativeTolerance = DefaultRelativeTolerance) =>
        OfEigenvalues(Eigen(hessian, dimension).Values, relativeTolerance);

    /// <summary>Classifies a symmetric matrix by its <paramref name="eigenvalues"/>, smallest first (as <see cref="Eigen"/> gives them).</summary>
    public static Curvature OfEigenvalues(double[] eigenvalues, double relativeTolerance = DefaultRelativeTolerance)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        int dimension = eigenvalues.Length;
        double largest = eigenvalues.Max(Math.Abs);
        double band = relativeTolerance * Math.Max(1.0, largest);
        int negative = eigenvalues.Count(l => l < -band);
        int positive = eigenvalues.Count(l => l > band);
        CriticalPointKind kind =
            negative + positive < dimension ? CriticalPointKind.Degenerate
            : negative == 0 ? CriticalPointKind.Minimum
            : positive == 0 ? CriticalPointKind.Maximum
            : CriticalPointKind.Saddle;
        double smallest = eigenvalues.Min(Math.Abs);
        double condition = smallest == 0 ? double.PositiveInfinity : largest / smallest;
        return new Curvature(eigenvalues, kind, negative, condition, band);
    }

    /// <summary>Eigenvalues (ascending) and the matching unit eigenvectors (columns, row-major n×n) of a symmetric matrix.</summary>
    public static (double[] Values, double[] Vectors) Eigen(ReadOnlySpan<double> matrix, int dimension)
    {
        var m = Matrix<double>.Build.Dense(dimension, dimension);
        for (int i = 0; i < dimension; i++)
            for (int j = 0; j < dimension; j++)
                m[i, j] = 0.5 * (matrix[i * dimension + j] + matrix[j * dimension + i]);
        Evd<double> evd = m.Evd(Symmetricity.Symmetric);
        double[] values = new double[dimension];
        for (int i = 0; i < dimension; i++) values[i] = evd.EigenValues[i].Real;
        int[] order = Enumerable.Range(0, dimension).OrderBy(i => values[i]).ToArray();
        double[] sorted = new double[dimension];
        double[] vectors = new double[dimension * dimension];
        for (int k = 0; k < dimension; k++)
        {
            sorted[k] = values[order[k]];
            for (int i = 0; i < dimension; i++) vectors[i * dimension + k] = evd.EigenVectors[i, order[k]];
        }
        return (sorted, vectors);
    }

    /// <summary>The kebab-case name used in output and JSON: "minimum", "maximum", "saddle", "degenerate".</summary>
    public static string Name(CriticalPointKind kind) => kind switch
    {
        CriticalPointKind.Minimum => "minimum",
        CriticalPointKind.Maximum => "maximum",
        CriticalPointKind.Saddle => "saddle",
        CriticalPointKind.Degenerate => "degenerate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
