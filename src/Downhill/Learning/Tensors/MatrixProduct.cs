using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    /// <summary>The blocked copy, without bounds checks (the caller checked the lengths): it runs once per product.</summary>
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
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        Unsafe.Add(ref destination, j * rows + i) = Unsafe.Add(ref source, i * columns + j);
            }
        }
    }
}
