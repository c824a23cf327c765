using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Downhill.Numerics;

namespace Downhill.Learning.Tensors;

/// <summary>
/// Products with a mostly-zero matrix (a batch of MNIST images is about 80% zeros; dense tiles win above about 30%
/// nonzeros) that skip its zeros, read from its <see cref="NonZeroIndex"/> by row and by column: C = A·B row by row and
/// ∂B = Aᵀ·∂C column by column. Every output entry is the same fused multiply-add chain, in the same order, as the
/// dense kernels' with the zero terms left out — adding 0·b changes nothing (for finite b) — so the sparse and dense
/// paths agree and thread counts do not matter. Buffers grow once and are reused.
/// </summary>
public sealed class SparseMatrix : IParallelWork
{
    /// <summary>Use the sparse kernels when at most this fraction of entries is nonzero.</summary>
    public const double DensityThreshold = 0.3;

    private readonly NonZeroIndex _index = new();
    private int[] _cursor = [];

    // The product being computed (set for the duration of one parallel run).
    private ReadOnlyMemory<float> _b;
    private Memory<float> _c;
    private int _n;
    private bool _accumulate, _transposed;

    /// <summary>Rows of the matrix indexed.</summary>
    public int Rows => _index.Rows;
    /// <summary>Columns of the matrix indexed.</summary>
    public int Columns => _index.Columns;
    /// <summary>Its nonzero entries.</summary>
    public int NonZeros => _index.Count;

    /// <summary>Indexes the nonzeros of row-major <paramref name="a"/> [rows, columns]; false (and nothing indexed)
    /// when more than <see cref="DensityThreshold"/> of them are nonzero.</summary>
    public bool TryIndex(ReadOnlySpan<float> a, int rows, int columns)
    {
        if (!_index.TryBuild(a, rows, columns, DensityThreshold)) return false;
        if (_cursor.Length < Math.Max(rows, columns)) _cursor = new int[Math.Max(rows, columns)];
        return true;
    }

    /// <summary>C[rows, n] (+)= A·B for row-major B [columns, n].</summary>
    public void Multiply(WorkerPool pool, ReadOnlyMemory<float> b, Memory<float> c, int n, bool accumulate) => Run(pool, b, c, n, accumulate, false);

    /// <summary>C[columns, n] (+)= Aᵀ·B for row-major B [rows, n].</summary>
    public void MultiplyTransposed(WorkerPool pool, ReadOnlyMemory<float> b, Memory<float> c, int n, bool accumulate) => Run(pool, b, c, n, accumulate, true);

    private void Run(WorkerPool pool, ReadOnlyMemory<float> b, Memory<float> c, int n, bool accumulate, bool transposed)
    {
        var (inner, outer) = transposed ? (_index.Rows, _index.Columns) : (_index.Columns, _index.Rows);
        if (b.Length < (long)inner * n || c.Length < (long)outer * n)
            throw new ArgumentException($"buffers too small for a sparse [{outer}×{inner}]·[{inner}×{n}] product");
        (_b, _c, _n, _accumulate, _transposed) = (b, c, n, accumulate, transposed);
        if (pool.Threads == 1 || (long)_index.Count * n < MatrixProduct.ParallelThreshold) Execute(0, 1);
        else pool.Run(this);
        _b = default;
        _c = default;
    }

    /// <summary>One part: a band of output rows (rows of A, or columns of A for the transposed product).</summary>
    public void Execute(int part, int parts)
    {
        int outputs = _transposed ? _index.Columns : _index.Rows;
        int start = (int)((long)outputs * part / parts), end = (int)((long)outputs * (part + 1) / parts);
        var (starts, indices, values) = _transposed
            ? (_index.ColumnStart, _index.RowIndex, _index.ColumnValue)
            : (_index.RowStart, _index.ColumnIndex, _index.RowValue);
        if (Vector512.IsHardwareAccelerated) Accumulate<Lane512<float>>(starts, indices, values, start, end);
        else if (Vector256.IsHardwareAccelerated) Accumulate<Lane256<float>>(starts, indices, values, start, end);
        else Accumulate<Lane128<float>>(starts, indices, values, start, end);
    }

    /// <summary>Output row r = Σ over the r-th list's entries (index k, value a) of a·B[k, :]: strips of eight vectors, then the narrower rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Accumulate<TL>(int[] starts, int[] indices, float[] values, int start, int end) where TL : struct, ILane<TL, float>
    {
        int n = _n, w = TL.Width;
        ref float b0 = ref MemoryMarshal.GetReference(_b.Span);
        ref float c0 = ref MemoryMarshal.GetReference(_c.Span);
        int wide = n - n % (8 * w);
        for (int j = 0; j < wide; j += 8 * w)
            AccumulateStrip<TL>(starts, indices, values, start, end, j);
        for (int r = start; r < end; r++)
        {
            int first = starts[r], last = starts[r + 1];
            ref float cr = ref Unsafe.Add(ref c0, r * n);
            int j = wide;
            for (; j + w <= n; j += w)
            {
                ref float cj = ref Unsafe.Add(ref cr, j);
                TL s = _accumulate ? TL.Load(ref cj) : TL.Zero;
                for (int e = first; e < last; e++)
                    s = TL.MultiplyAdd(TL.Broadcast(values[e]), TL.Load(ref Unsafe.Add(ref b0, indices[e] * n + j)), s);
                TL.Store(s, ref cj);
            }
            for (; j < n; j++)
            {
                ref float cj = ref Unsafe.Add(ref cr, j);
                float s = _accumulate ? cj : 0f;
                for (int e = first; e < last; e++)
                    s = MathF.FusedMultiplyAdd(values[e], Unsafe.Add(ref b0, indices[e] * n + j), s);
                cj = s;
            }
        }
    }

    /// <summary>Index blocks of this many B rows (a strip of B 8 vectors wide: 32 KiB of 512-bit lanes) stay in L1.</summary>
    private const int IndexBlock = 64;

    /// <summary>
    /// Output columns [j, j + 8 vectors) of the band's rows, the lists' indices taken in blocks of
    /// <see cref="IndexBlock"/>: each block's strip of B stays in L1 while every output row adds its entries in the
    /// block, rather than each row fetching its B rows from L2. A row's entries still run in increasing index, one
    /// chain per output entry continued from block to block through C, so the bits are those of the unblocked loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AccumulateStrip<TL>(int[] starts, int[] indices, float[] values, int start, int end, int j)
        where TL : struct, ILane<TL, float>
    {
        int n = _n, w = TL.Width;
        int indexCount = _transposed ? _index.Rows : _index.Columns;
        // The lists were checked when indexed (every index below indexCount, every start within the lists), and
        // this loop is the product's whole cost: it runs without bounds checks.
        ref float bj = ref Unsafe.Add(ref MemoryMarshal.GetReference(_b.Span), j);
        var c = _c.Span;
        ref float c0 = ref MemoryMarshal.GetReference(c);
        ref int index0 = ref MemoryMarshal.GetArrayDataReference(indices);
        ref float value0 = ref MemoryMarshal.GetArrayDataReference(values);
        ref int start0 = ref MemoryMarshal.GetArrayDataReference(starts);
        ref int cursor = ref MemoryMarshal.GetArrayDataReference(_cursor);
        for (int r = start; r < end; r++)
        {
            Unsafe.Add(ref cursor, r) = Unsafe.Add(ref start0, r);
            if (!_accumulate) c.Slice(r * n + j, 8 * w).Clear();
        }
        for (int blockEnd = IndexBlock; blockEnd - IndexBlock < indexCount; blockEnd += IndexBlock)
            for (int r = start; r < end; r++)
            {
                int first = Unsafe.Add(ref cursor, r), last = Unsafe.Add(ref start0, r + 1), stop = first;
                while (stop < last && Unsafe.Add(ref index0, stop) < blockEnd) stop++;
                if (stop == first) continue;
                Unsafe.Add(ref cursor, r) = stop;
                ref float cj = ref Unsafe.Add(ref c0, r * n + j);
                TL s0 = TL.Load(ref cj), s1 = TL.Load(ref Unsafe.Add(ref cj, w)), s2 = TL.Load(ref Unsafe.Add(ref cj, 2 * w)), s3 = TL.Load(ref Unsafe.Add(ref cj, 3 * w));
                TL s4 = TL.Load(ref Unsafe.Add(ref cj, 4 * w)), s5 = TL.Load(ref Unsafe.Add(ref cj, 5 * w)), s6 = TL.Load(ref Unsafe.Add(ref cj, 6 * w)), s7 = TL.Load(ref Unsafe.Add(ref cj, 7 * w));
                for (int e = first; e < stop; e++)
                {
                    TL a = TL.Broadcast(Unsafe.Add(ref value0, e));
                    ref float bk = ref Unsafe.Add(ref bj, (nint)Unsafe.Add(ref index0, e) * n);
                    s0 = TL.MultiplyAdd(a, TL.Load(ref bk), s0);
                    s1 = TL.MultiplyAdd(a, TL.Load(ref Unsafe.Add(ref bk, w)), s1);
                    s2 = TL.MultiplyAdd(a, TL.Load(ref Unsafe.Add(ref bk, 2 * w)), s2);
                    s3 = TL.MultiplyAdd(a, TL.Load(ref Unsafe.Add(ref bk, 3 * w)), s3);
                    s4 = TL.MultiplyAdd(a, TL.Load(ref Unsafe.Add(ref bk, 4 * w)), s4);
                    s5 = TL.MultiplyAdd(a, TL.Load(ref Unsafe.Add(ref bk, 5 * w)), s5);
                    s6 = TL.MultiplyAdd(a, TL.Load(ref Unsafe.Add(ref bk, 6 * w)), s6);
                    s7 = TL.MultiplyAdd(a, TL.Load(ref Unsafe.Add(ref bk, 7 * w)), s7);
                }
                TL.Store(s0, ref cj); TL.Store(s1, ref Unsafe.Add(ref cj, w)); TL.Store(s2, ref Unsafe.Add(ref cj, 2 * w)); TL.Store(s3, ref Unsafe.Add(ref cj, 3 * w));
                TL.Store(s4, ref Unsafe.Add(ref cj, 4 * w)); TL.Store(s5, ref Unsafe.Add(ref cj, 5 * w)); TL.Store(s6, ref Unsafe.Add(ref cj, 6 * w)); TL.Store(s7, ref Unsafe.Add(ref cj, 7 * w));
            }
    }
}
