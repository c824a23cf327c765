using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Tests.Learning;

public class MatrixProductTests
{
    private static float[] RandomMatrix(int length, SeededRandom random) =>
        Enumerable.Range(0, length).Select(_ => (float)random.NextGaussian()).ToArray();

    // Shapes cover full tiles, row and column remainders, and the narrow-output dot-product path.
    [Theory]
    [InlineData(13, 37, 45, false, false)]
    [InlineData(13, 37, 45, true, false)]
    [InlineData(13, 37, 45, false, true)]
    [InlineData(12, 20, 64, true, true)]
    [InlineData(128, 50, 10, false, false)]
    [InlineData(7, 128, 10, true, false)]
    [InlineData(256, 128, 10, true, false)]   // a classifier's weight gradient: computed as its transpose
    [InlineData(40, 33, 7, true, true)]
    [InlineData(9, 10, 33, false, true)]
    [InlineData(1, 1, 1, false, false)]
    public void ProductsMatchADoublePrecisionReference(int m, int k, int n, bool transposeA, bool transposeB)
    {
        var random = new SeededRandom(7);
        float[] a = RandomMatrix(m * k, random), b = RandomMatrix(k * n, random), c = RandomMatrix(m * n, random);
        float[] start = (float[])c.Clone();
        using var pool = new WorkerPool(2);
        new MatrixProduct().Compute(pool, a, transposeA, b, transposeB, c, m, k, n, accumulate: true);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = start[i * n + j], scale = Math.Abs(expected);
                for (int p = 0; p < k; p++)
                {
                    double term = (double)(transposeA ? a[p * m + i] : a[i * k + p]) * (transposeB ? b[j * k + p] : b[p * n + j]);
                    expected += term;
                    scale += Math.Abs(term);
                }
                // float32 accumulation of k terms: error below k·u·Σ|terms| with u = 2⁻²⁴.
                Assert.True(Math.Abs(c[i * n + j] - expected) <= (k + 1) * 6e-8 * scale + 1e-7,
                    $"C[{i},{j}] = {c[i * n + j]}, expected {expected}");
            }
    }

    [Theory]
    [InlineData(false, 100)]
    [InlineData(true, 100)]
    [InlineData(false, 10)]   // the dot kernel
    [InlineData(true, 10)]    // the transposed-output path
    public void ResultsAreTheSameBitsForAnyThreadCount(bool transposeA, int n)
    {
        var random = new SeededRandom(11);
        int m = 1031, k = 131;   // above MatrixProduct.ParallelThreshold, so the threads split it
        float[] a = RandomMatrix(m * k, random), b = RandomMatrix(k * n, random);
        Assert.True((long)m * k * n >= MatrixProduct.ParallelThreshold);
        float[]? first = null;
        foreach (int threads in new[] { 1, 2, 3, 5 })
        {
            using var pool = new WorkerPool(threads);
            var c = new float[m * n];
            new MatrixProduct().Compute(pool, a, transposeA, b, false, c, m, k, n, accumulate: false);
            if (first is null) first = c;
            else Assert.Equal(first, c);
        }
    }

    // Whole 8×8 squares (through registers), partial ones at the right and bottom edges, and sizes below one square.
    [Theory]
    [InlineData(35, 40)]
    [InlineData(256, 256)]
    [InlineData(64, 9)]
    [InlineData(7, 5)]
    [InlineData(1, 1)]
    public void TransposeSwapsRowsAndColumns(int rows, int columns)
    {
        float[] source = Enumerable.Range(0, rows * columns).Select(i => (float)i).ToArray();
        var destination = new float[source.Length];
        MatrixProduct.Transpose(source, rows, columns, destination);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                Assert.True(source[i * columns + j] == destination[j * rows + i], $"[{i},{j}]");
    }
}

public class SparseMatrixTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void SparseProductsAreTheDenseProductsBitForBit(int threads)
    {
        var random = new SeededRandom(5);
        int m = 150, k = 200, n = 300;   // n: full 8-vector blocks, single vectors and a scalar tail; large enough to split
        float[] a = Enumerable.Range(0, m * k).Select(_ => random.NextDouble() < 0.8 ? 0f : (float)random.NextGaussian()).ToArray();
        float[] b = Enumerable.Range(0, k * n).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] d = Enumerable.Range(0, m * n).Select(_ => (float)random.NextGaussian()).ToArray();
        using var pool = new WorkerPool(threads);
        var sparse = new SparseMatrix();
        Assert.True(sparse.TryIndex(a, m, k));
        Assert.Equal(a.Count(v => v != 0), sparse.NonZeros);

        var dense = new float[m * n];
        var viaSparse = new float[m * n];
        new MatrixProduct().Compute(pool, a, false, b, false, dense, m, k, n, accumulate: false);
        sparse.Multiply(pool, b, viaSparse, n, accumulate: false);
        Assert.Equal(dense, viaSparse);

        Assert.True((long)sparse.NonZeros * n >= MatrixProduct.ParallelThreshold);
        float[] start = Enumerable.Range(0, k * n).Select(_ => (float)random.NextGaussian()).ToArray();
        float[] denseT = (float[])start.Clone(), sparseT = (float[])start.Clone();
        new MatrixProduct().Compute(pool, a, true, d, false, denseT, k, m, n, accumulate: true);
        sparse.MultiplyTransposed(pool, d, sparseT, n, accumulate: true);
        Assert.Equal(denseT, sparseT);
    }

    [Fact]
    public void DenseMatricesAreNotIndexed()
    {
        float[] a = Enumerable.Range(1, 20).Select(i => (float)i).ToArray();
        Assert.False(new SparseMatrix().TryIndex(a, 4, 5));
    }
}
