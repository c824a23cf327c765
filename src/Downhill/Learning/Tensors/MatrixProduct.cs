using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;
using Downhill.Numerics;

namespace Downhill.Learning.Tensors;

/// <summary>
/// C = op(A)·op(B), or C += op(A)·op(B), where op transposes or not: the three products of a dense layer
/// (forward X·W, weight gradient Xᵀ·dY, input gradient dY·Wᵀ). Transposed A is read in place through strides;
/// B is laid out for the kernel in a scratch buffer kept between calls, so after the first call of a given size
/// nothing is allocated. The rows of C are split among the pool's threads.
/// </summary>
public sealed class MatrixProduct : IParallelWork
{
    /// <summary>
    /// Below this many multiply-adds (about 20 µs of one core's work) a product runs on the calling thread: waking the
    /// others costs microseconds, and far more when the machine is busy and a woken thread waits to be scheduled.
    /// </summary>
    internal const long ParallelThreshold = 1 << 20;

    private Tensor? _scratchA, _scratchB, _scratchC;
    private ReadOnlyMemory<float> _a, _b;
    private Memory<float> _c;
    private int _aRowStride, _aColumnStride, _m, _k, _n;
    private bool _accumulate, _dot;

    /// <summary>
    /// Computes C[m,n] (+)= op(A)·op(B). A is stored [m,k], or [k,m] when <paramref name="transposeA"/>;
    /// B is stored [k,n], or [n,k] when <paramref name="transposeB"/>; C is [m,n]; all row-major.
    /// </summary>
    public void Compute(WorkerPool pool, ReadOnlyMemory<float> a, bool transposeA, ReadOnlyMemory<float> b, bool transposeB,
        Memory<float> c, int m, int k, int n, bool accumulate)
    {
        if (a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
            throw new ArgumentException($"buffers too small for a [{m}×{k}]·[{k}×{n}] product");
        if (MatrixKernels.PrefersDot(n) && transposeA && !MatrixKernels.PrefersDot(m))
        {
            ComputeTransposedOutput(pool, a, b, transposeB, c, m, k, n, accumulate);
            return;
        }
        _dot = MatrixKernels.PrefersDot(n);
        if (_dot)
        {
            // Dot products want A's rows and Bᵀ's rows contiguous.
            _a = transposeA ? Transposed(a, k, m, ref _scratchA) : a;
            _aRowStride = k;
            _aColumnStride = 1;
            _b = transposeB ? b : Transposed(b, k, n, ref _scratchB);
        }
        else
        {
            _a = a;
            (_aRowStride, _aColumnStride) = transposeA ? (1, m) : (k, 1);
            _b = transposeB ? Transposed(b, n, k, ref _scratchB) : b;
        }
        Run(pool, c, m, k, n, accumulate);
    }

    /// <summary>
    /// A narrow C whose A arrives transposed — a classifier's weight gradient Xᵀ·dY, [hidden × 10] — computed as its
    /// wide transpose Cᵀ = op(B)ᵀ·(Aᵀ), whose right operand is A as stored: the vector tiles run along Cᵀ's rows with
    /// nothing transposed but the small result, where dot products would first transpose all of X.
    /// </summary>
    private void ComputeTransposedOutput(WorkerPool pool, ReadOnlyMemory<float> a, ReadOnlyMemory<float> b, bool transposeB,
        Memory<float> c, int m, int k, int n, bool accumulate)
    {
        if (_scratchC is null || _scratchC.Length < n * m) _scratchC = new Tensor(n * m);
        var transposedC = _scratchC.Memory[..(n * m)];
        _dot = false;
        _a = b;
        // op(B)ᵀ(i, p) = op(B)(p, i): B stored [k, n] is read down its columns, B stored [n, k] along its rows.
        (_aRowStride, _aColumnStride) = transposeB ? (k, 1) : (1, n);
        _b = a;
        Run(pool, transposedC, n, k, m, accumulate: false);
        var result = c.Span;
        var source = transposedC.Span;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                result[i * n + j] = accumulate ? result[i * n + j] + source[j * m + i] : source[j * m + i];
    }

    /// <summary>Runs the product set up in the fields into <paramref name="c"/> [m, n], on the pool when it is large.</summary>
    private void Run(WorkerPool pool, Memory<float> c, int m, int k, int n, bool accumulate)
    {
        _c = c;
        (_m, _k, _n, _accumulate) = (m, k, n, accumulate);
        if (pool.Threads == 1 || (long)m * k * n < ParallelThreshold)
            Execute(0, 1);
        else
            pool.Run(this);
        _a = _b = default;
        _c = default;
    }

    /// <summary>One part: a band of C's rows, cut at multiples of the kernel's tile height.</summary>
    public void Execute(int part, int parts)
    {
        int tiles = (_m + 5) / 6;
        int start = Math.Min(_m, (int)((long)tiles * part / parts) * 6);
        int end = Math.Min(_m, (int)((long)tiles * (part + 1) / parts) * 6);
        if (start >= end) return;
        if (_dot)
            MatrixKernels.Dot(_a.Span, _b.Span, _c.Span, _k, _n, _accumulate, start, end);
        else
            MatrixKernels.RowMajor(_a.Span, _aRowStride, _aColumnStride, _b.Span, _c.Span, _k, _n, _accumulate, start, end);
    }

    /// <summary>The transpose of a row-major [rows, columns] matrix, in <paramref name="scratch"/> (grown once, aligned).</summary>
    private static ReadOnlyMemory<float> Transposed(ReadOnlyMemory<float> source, int rows, int columns, ref Tensor? scratch)
    {
        if (scratch is null || scratch.Length < rows * columns) scratch = new Tensor(rows * columns);
        var destination = scratch.Memory[..(rows * columns)];
        Transpose(source.Span, rows, columns, destination.Span);
        return destination;
    }

    /// <summary>destination[j, i] = source[i, j] for a row-major [rows, columns] source, in cache-sized blocks.</summary>
    public static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        if (source.Length < (long)rows * columns || destination.Length < (long)rows * columns)
            throw new ArgumentException($"buffers too small to transpose a [{rows}×{columns}] matrix");
        TransposeBlocks(ref MemoryMarshal.GetReference(source), rows, columns, ref MemoryMarshal.GetReference(destination));
    }

    /// <summary>
    /// The blocked copy, without bounds checks (the caller checked the lengths): it runs once per product, so 8×8
    /// squares go through registers (eight row loads, three rounds of shuffles, eight column stores) where AVX is there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeBlocks(ref float source, int rows, int columns, ref float destination)
    {
        const int block = 32;
        for (int i0 = 0; i0 < rows; i0 += block)
        {
            int i1 = Math.Min(rows, i0 + block);
            for (int j0 = 0; j0 < columns; j0 += block)
            {
                int j1 = Math.Min(columns, j0 + block);
                int i = i0;
                if (Avx.IsSupported)
                    for (; i + 8 <= i1; i += 8)
                    {
                        int j = j0;
                        for (; j + 8 <= j1; j += 8)
                            Transpose8x8(ref Unsafe.Add(ref source, i * columns + j), columns, ref Unsafe.Add(ref destination, j * rows + i), rows);
                        for (; j < j1; j++)
                            for (int r = i; r < i + 8; r++)
                                Unsafe.Add(ref destination, j * rows + r) = Unsafe.Add(ref source, r * columns + j);
                    }
                for (; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        Unsafe.Add(ref destination, j * rows + i) = Unsafe.Add(ref source, i * columns + j);
            }
        }
    }

    /// <summary>Writes the transpose of the 8×8 square at <paramref name="source"/> (rows <paramref name="sourceStride"/> apart) to <paramref name="destination"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose8x8(ref float source, int sourceStride, ref float destination, int destinationStride)
    {
        var r0 = Vector256.LoadUnsafe(ref source);
        var r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, sourceStride));
        var r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * sourceStride));
        var r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * sourceStride));
        var r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 4 * sourceStride));
        var r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 5 * sourceStride));
        var r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 6 * sourceStride));
        var r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 7 * sourceStride));
        // Rows a…h. Interleave pairs: t0 = a0 b0 a1 b1 | a4 b4 a5 b5, t1 = a2 b2 a3 b3 | a6 b6 a7 b7, …
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);
        // Pairs of pairs: u0 = a0 b0 c0 d0 | a4 b4 c4 d4, u1 = a1 b1 c1 d1 | a5 b5 c5 d5, …
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);
        // Halves from the top four rows and the bottom four: column 0 = a0 … h0, and so on.
        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref Unsafe.Add(ref destination, destinationStride));
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref Unsafe.Add(ref destination, 2 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref Unsafe.Add(ref destination, 3 * destinationStride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref Unsafe.Add(ref destination, 4 * destinationStride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref Unsafe.Add(ref destination, 5 * destinationStride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref Unsafe.Add(ref destination, 6 * destinationStride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref Unsafe.Add(ref destination, 7 * destinationStride));
    }
}
