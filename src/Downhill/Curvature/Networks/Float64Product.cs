using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Downhill.Learning.Tensors;
using Downhill.Numerics;

namespace Downhill.Curvature.Networks;

/// <summary>
/// C = op(A)·op(B), or C += op(A)·op(B), in float64: the dense products of a layer stack when curvature is checked in
/// double. A transposed operand is first copied into its transpose (kept between calls), then tiles of 4 rows × 2
/// vectors of C accumulate over k in increasing order, one fused multiply-add chain per entry, so splitting C's rows
/// among threads never changes a bit.
/// </summary>
internal sealed class Float64Product : IParallelWork
{
    private const int TileRows = 4;

    private Memory<double> _scratchA, _scratchB;
    private ReadOnlyMemory<double> _a, _b;
    private Memory<double> _c;
    private int _m, _k, _n;
    private bool _accumulate;

    /// <summary>
    /// C[m,n] (+)= op(A)·op(B): A is stored [m,k], or [k,m] when <paramref name="transposeA"/>; B is stored [k,n], or
    /// [n,k] when <paramref name="transposeB"/>; all row-major.
    /// </summary>
    public void Compute(WorkerPool pool, ReadOnlyMemory<double> a, bool transposeA, ReadOnlyMemory<double> b, bool transposeB,
        Memory<double> c, int m, int k, int n, bool accumulate)
    {
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
            throw new ArgumentException($"buffers too small for a [{m}×{k}]·[{k}×{n}] product");
        _a = transposeA ? Transposed(a.Span, k, m, ref _scratchA) : a;
        _b = transposeB ? Transposed(b.Span, n, k, ref _scratchB) : b;
        (_c, _m, _k, _n, _accumulate) = (c, m, k, n, accumulate);
        if (pool.Threads == 1 || (long)m * k * n < MatrixProduct.ParallelThreshold) Execute(0, 1);
        else pool.Run(this);
        _a = _b = default;
        _c = default;
    }

    /// <summary>One part: a band of C's rows, cut at multiples of the tile height.</summary>
    public void Execute(int part, int parts)
    {
        int tiles = (_m + TileRows - 1) / TileRows;
        int start = Math.Min(_m, (int)((long)tiles * part / parts) * TileRows);
        int end = Math.Min(_m, (int)((long)tiles * (part + 1) / parts) * TileRows);
        if (start < end) Rows(_a.Span, _b.Span, _c.Span, _k, _n, _accumulate, start, end);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int k, int n, bool accumulate, int start, int end)
    {
        ref double a0 = ref MemoryMarshal.GetReference(a);
        ref double b0 = ref MemoryMarshal.GetReference(b);
        ref double c0 = ref MemoryMarshal.GetReference(c);
        int w = Vector<double>.Count;
        int i = start;
        for (; i + TileRows <= end; i += TileRows)
        {
            int j = 0;
            for (; j + 2 * w <= n; j += 2 * w)
            {
                Vector<double> c00 = default, c01 = default, c10 = default, c11 = default,
                    c20 = default, c21 = default, c30 = default, c31 = default;
                for (int p = 0; p < k; p++)
                {
                    ref double bp = ref Unsafe.Add(ref b0, p * n + j);
                    var b00 = Vector.LoadUnsafe(ref bp);
                    var b01 = Vector.LoadUnsafe(ref Unsafe.Add(ref bp, w));
                    var x0 = new Vector<double>(Unsafe.Add(ref a0, i * k + p));
                    var x1 = new Vector<double>(Unsafe.Add(ref a0, (i + 1) * k + p));
                    var x2 = new Vector<double>(Unsafe.Add(ref a0, (i + 2) * k + p));
                    var x3 = new Vector<double>(Unsafe.Add(ref a0, (i + 3) * k + p));
                    c00 = Vector.FusedMultiplyAdd(x0, b00, c00); c01 = Vector.FusedMultiplyAdd(x0, b01, c01);
                    c10 = Vector.FusedMultiplyAdd(x1, b00, c10); c11 = Vector.FusedMultiplyAdd(x1, b01, c11);
                    c20 = Vector.FusedMultiplyAdd(x2, b00, c20); c21 = Vector.FusedMultiplyAdd(x2, b01, c21);
                    c30 = Vector.FusedMultiplyAdd(x3, b00, c30); c31 = Vector.FusedMultiplyAdd(x3, b01, c31);
                }
                Store(c00, ref Unsafe.Add(ref c0, i * n + j), accumulate); Store(c01, ref Unsafe.Add(ref c0, i * n + j + w), accumulate);
                Store(c10, ref Unsafe.Add(ref c0, (i + 1) * n + j), accumulate); Store(c11, ref Unsafe.Add(ref c0, (i + 1) * n + j + w), accumulate);
                Store(c20, ref Unsafe.Add(ref c0, (i + 2) * n + j), accumulate); Store(c21, ref Unsafe.Add(ref c0, (i + 2) * n + j + w), accumulate);
                Store(c30, ref Unsafe.Add(ref c0, (i + 3) * n + j), accumulate); Store(c31, ref Unsafe.Add(ref c0, (i + 3) * n + j + w), accumulate);
            }
            for (int r = i; r < i + TileRows; r++)
                ColumnsFrom(ref a0, ref b0, ref c0, r, j, k, n, accumulate);
        }
        for (; i < end; i++) ColumnsFrom(ref a0, ref b0, ref c0, i, 0, k, n, accumulate);
    }

    /// <summary>Row <paramref name="i"/> of C from column <paramref name="from"/> on: one vector, then one entry at a time.</summary>
    private static void ColumnsFrom(ref double a0, ref double b0, ref double c0, int i, int from, int k, int n, bool accumulate)
    {
        int w = Vector<double>.Count;
        int j = from;
        for (; j + w <= n; j += w)
        {
            Vector<double> sum = default;
            for (int p = 0; p < k; p++)
                sum = Vector.FusedMultiplyAdd(new Vector<double>(Unsafe.Add(ref a0, i * k + p)), Vector.LoadUnsafe(ref Unsafe.Add(ref b0, p * n + j)), sum);
            Store(sum, ref Unsafe.Add(ref c0, i * n + j), accumulate);
        }
        for (; j < n; j++)
        {
            double sum = 0;
            for (int p = 0; p < k; p++) sum = Math.FusedMultiplyAdd(Unsafe.Add(ref a0, i * k + p), Unsafe.Add(ref b0, p * n + j), sum);
            ref double target = ref Unsafe.Add(ref c0, i * n + j);
            target = accumulate ? target + sum : sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector<double> value, ref double destination, bool accumulate) =>
        (accumulate ? Vector.LoadUnsafe(ref destination) + value : value).StoreUnsafe(ref destination);

    /// <summary>The transpose of a row-major [rows, columns] matrix, in <paramref name="scratch"/> (grown once).</summary>
    private static ReadOnlyMemory<double> Transposed(ReadOnlySpan<double> source, int rows, int columns, ref Memory<double> scratch)
    {
        if (scratch.Length < rows * columns) scratch = AlignedMemory.Allocate<double>(rows * columns);
        var destination = scratch[..(rows * columns)];
        var target = destination.Span;
        const int block = 32;
        for (int i0 = 0; i0 < rows; i0 += block)
            for (int j0 = 0; j0 < columns; j0 += block)
                for (int i = i0; i < Math.Min(rows, i0 + block); i++)
                    for (int j = j0; j < Math.Min(columns, j0 + block); j++)
                        target[j * rows + i] = source[i * columns + j];
        return destination;
    }
}
