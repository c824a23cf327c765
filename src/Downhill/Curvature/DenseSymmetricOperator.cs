namespace Downhill.Curvature;

/// <summary>
/// A symmetric matrix held whole (row-major n×n) as an operator: a typed function's compiled Hessian, or a network's
/// assembled from H·eᵢ where n is small enough to take the exact dense route.
/// </summary>
public sealed class DenseSymmetricOperator : ISymmetricOperator
{
    private readonly double[] _matrix;

    /// <summary>Wraps <paramref name="matrix"/> (row-major, <paramref name="dimension"/>², not copied), symmetrized.</summary>
    public DenseSymmetricOperator(double[] matrix, int dimension)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (dimension < 1 || matrix.Length != (long)dimension * dimension)
            throw new ArgumentException($"{matrix.Length} entries do not make a {dimension}×{dimension} matrix", nameof(matrix));
        for (int i = 0; i < dimension; i++)
            for (int j = i + 1; j < dimension; j++)
                matrix[i * dimension + j] = matrix[j * dimension + i] = 0.5 * (matrix[i * dimension + j] + matrix[j * dimension + i]);
        (_matrix, Dimension) = (matrix, dimension);
    }

    /// <summary>Assembles H column by column from H·eᵢ (n products), symmetrizing the roundings away.</summary>
    public static DenseSymmetricOperator Assemble(ISymmetricOperator hessian, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        int n = hessian.Dimension;
        var matrix = new double[(long)n * n];
        var unit = new double[n];
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            cancel.ThrowIfCancellationRequested();
            unit[j] = 1;
            hessian.Multiply(unit, column);
            unit[j] = 0;
            for (int i = 0; i < n; i++) matrix[i * n + j] = column[i];
        }
        return new DenseSymmetricOperator(matrix, n);
    }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>The matrix, row-major.</summary>
    public ReadOnlySpan<double> Matrix => _matrix;

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> vector, Span<double> result)
    {
        if (vector.Length != Dimension || result.Length != Dimension)
            throw new ArgumentException($"vectors must have {Dimension} entries");
        for (int i = 0; i < Dimension; i++)
            result[i] = System.Numerics.Tensors.TensorPrimitives.Dot(_matrix.AsSpan(i * Dimension, Dimension), vector);
    }
}
