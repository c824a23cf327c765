using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Downhill.Numerics;

namespace Downhill.Learning.Tensors;

/// <summary>
/// Single-threaded matrix product kernels over row ranges of the output, vectorized with the widest lanes available.
/// Every output entry is one fused multiply-add chain over k in increasing order, whichever kernel (tile, row or
/// scalar tail) computes it, so splitting the rows differently (another thread count) gives the same bits.
/// The kernels are compiled fully optimized at once (AggressiveOptimization): the first epoch should not run them
/// unoptimized while tiered compilation catches up.
/// </summary>
internal static class MatrixKernels
{
    private const int TileRows = 6;

    /// <summary>
    /// C[i,j] ← (accumulate ? C[i,j] : 0) + Σ_k A(i,k)·B[k,j] for rows i in [rowStart, rowEnd), with
    /// A(i,k) = a[i·aRowStride + k·aColumnStride] (so Aᵀ costs nothing) and B row-major [k, n] with row stride n.
    /// </summary>
    public static void RowMajor(ReadOnlySpan<float> a, int aRowStride, int aColumnStride, ReadOnlySpan<float> b,
        Span<float> c, int k, int n, bool accumulate, int rowStart, int rowEnd)
    {
        if (Vector512.IsHardwareAccelerated)
            RowMajor<Lane512<float>>(a, aRowStride, aColumnStride, b, c, k, n, accumulate, rowStart, rowEnd);
        else if (Vector256.IsHardwareAccelerated)
            RowMajor<Lane256<float>>(a, aRowStride, aColumnStride, b, c, k, n, accumulate, rowStart, rowEnd);
        else
            RowMajor<Lane128<float>>(a, aRowStride, aColumnStride, b, c, k, n, accumulate, rowStart, rowEnd);
    }

    /// <summary>
    /// C[i,j] ← (accumulate ? C[i,j] : 0) + Σ_k A[i,k]·Bt[j,k] (A row-major [m, k], Bt row-major [n, k]): dot
    /// products, for outputs too narrow for <see cref="RowMajor"/>'s vector tiles (a classifier's 10 logits).
    /// </summary>
    public static void Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> bt, Span<float> c, int k, int n, bool accumulate,
        int rowStart, int rowEnd)
    {
        if (Vector512.IsHardwareAccelerated)
            Dot<Lane512<float>>(a, bt, c, k, n, accumulate, rowStart, rowEnd);
        else if (Vector256.IsHardwareAccelerated)
            Dot<Lane256<float>>(a, bt, c, k, n, accumulate, rowStart, rowEnd);
        else
            Dot<Lane128<float>>(a, bt, c, k, n, accumulate, rowStart, rowEnd);
    }

    /// <summary>True when outputs of width <paramref name="n"/> are better served by <see cref="Dot"/>.</summary>
    public static bool PrefersDot(int n) =>
        n < 2 * (Vector512.IsHardwareAccelerated ? 16 : Vector256.IsHardwareAccelerated ? 8 : 4);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowMajor<TL>(ReadOnlySpan<float> a, int ars, int acs, ReadOnlySpan<float> b, Span<float> c,
        int k, int n, bool accumulate, int rowStart, int rowEnd) where TL : struct, ILane<TL, float>
    {
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        int w = TL.Width;
        // Column strips outermost: one strip of B (k rows × 2 vectors) stays in L1 while every row tile of the band
        // passes over it, rather than streaming all of B from L2 once per row tile.
        int j = 0;
        for (; j + 2 * w <= n; j += 2 * w)
        {
            int i = rowStart;
            for (; i + TileRows <= rowEnd; i += TileRows)
                Tile6x2<TL>(ref a0, ars, acs, ref b0, ref c0, k, n, accumulate, i, j);
            for (; i < rowEnd; i++)
                Row1x2<TL>(ref a0, ars, acs, ref b0, ref c0, k, n, accumulate, i, j);
        }
        for (int i = rowStart; i < rowEnd; i++)
            RowTail<TL>(ref a0, ars, acs, ref b0, ref c0, k, n, accumulate, i, j);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile6x2<TL>(ref float a0, int ars, int acs, ref float b0, ref float c0, int k, int n,
        bool accumulate, int i, int j) where TL : struct, ILane<TL, float>
    {
        int w = TL.Width;
        ref float c00 = ref Unsafe.Add(ref c0, i * n + j);
        TL s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51;
        if (accumulate)
        {
            s00 = TL.Load(ref c00); s01 = TL.Load(ref Unsafe.Add(ref c00, w));
            s10 = TL.Load(ref Unsafe.Add(ref c00, n)); s11 = TL.Load(ref Unsafe.Add(ref c00, n + w));
            s20 = TL.Load(ref Unsafe.Add(ref c00, 2 * n)); s21 = TL.Load(ref Unsafe.Add(ref c00, 2 * n + w));
            s30 = TL.Load(ref Unsafe.Add(ref c00, 3 * n)); s31 = TL.Load(ref Unsafe.Add(ref c00, 3 * n + w));
            s40 = TL.Load(ref Unsafe.Add(ref c00, 4 * n)); s41 = TL.Load(ref Unsafe.Add(ref c00, 4 * n + w));
            s50 = TL.Load(ref Unsafe.Add(ref c00, 5 * n)); s51 = TL.Load(ref Unsafe.Add(ref c00, 5 * n + w));
        }
        else
        {
            s00 = s01 = s10 = s11 = s20 = s21 = s30 = s31 = s40 = s41 = s50 = s51 = TL.Zero;
        }
        ref float ai = ref Unsafe.Add(ref a0, i * ars);
        ref float bj = ref Unsafe.Add(ref b0, j);
        for (int p = 0; p < k; p++)
        {
            ref float ap = ref Unsafe.Add(ref ai, p * acs);
            ref float bp = ref Unsafe.Add(ref bj, p * n);
            TL b_0 = TL.Load(ref bp), b_1 = TL.Load(ref Unsafe.Add(ref bp, w));
            TL x = TL.Broadcast(ap);
            s00 = TL.MultiplyAdd(x, b_0, s00); s01 = TL.MultiplyAdd(x, b_1, s01);
            x = TL.Broadcast(Unsafe.Add(ref ap, ars));
            s10 = TL.MultiplyAdd(x, b_0, s10); s11 = TL.MultiplyAdd(x, b_1, s11);
            x = TL.Broadcast(Unsafe.Add(ref ap, 2 * ars));
            s20 = TL.MultiplyAdd(x, b_0, s20); s21 = TL.MultiplyAdd(x, b_1, s21);
            x = TL.Broadcast(Unsafe.Add(ref ap, 3 * ars));
            s30 = TL.MultiplyAdd(x, b_0, s30); s31 = TL.MultiplyAdd(x, b_1, s31);
            x = TL.Broadcast(Unsafe.Add(ref ap, 4 * ars));
            s40 = TL.MultiplyAdd(x, b_0, s40); s41 = TL.MultiplyAdd(x, b_1, s41);
            x = TL.Broadcast(Unsafe.Add(ref ap, 5 * ars));
            s50 = TL.MultiplyAdd(x, b_0, s50); s51 = TL.MultiplyAdd(x, b_1, s51);
        }
        TL.Store(s00, ref c00); TL.Store(s01, ref Unsafe.Add(ref c00, w));
        TL.Store(s10, ref Unsafe.Add(ref c00, n)); TL.Store(s11, ref Unsafe.Add(ref c00, n + w));
        TL.Store(s20, ref Unsafe.Add(ref c00, 2 * n)); TL.Store(s21, ref Unsafe.Add(ref c00, 2 * n + w));
        TL.Store(s30, ref Unsafe.Add(ref c00, 3 * n)); TL.Store(s31, ref Unsafe.Add(ref c00, 3 * n + w));
        TL.Store(s40, ref Unsafe.Add(ref c00, 4 * n)); TL.Store(s41, ref Unsafe.Add(ref c00, 4 * n + w));
        TL.Store(s50, ref Unsafe.Add(ref c00, 5 * n)); TL.Store(s51, ref Unsafe.Add(ref c00, 5 * n + w));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1x2<TL>(ref float a0, int ars, int acs, ref float b0, ref float c0, int k, int n,
        bool accumulate, int i, int j) where TL : struct, ILane<TL, float>
    {
        int w = TL.Width;
        ref float ci = ref Unsafe.Add(ref c0, i * n + j);
        TL s0 = accumulate ? TL.Load(ref ci) : TL.Zero;
        TL s1 = accumulate ? TL.Load(ref Unsafe.Add(ref ci, w)) : TL.Zero;
        ref float ai = ref Unsafe.Add(ref a0, i * ars);
        ref float bj = ref Unsafe.Add(ref b0, j);
        for (int p = 0; p < k; p++)
        {
            TL x = TL.Broadcast(Unsafe.Add(ref ai, p * acs));
            ref float bp = ref Unsafe.Add(ref bj, p * n);
            s0 = TL.MultiplyAdd(x, TL.Load(ref bp), s0);
            s1 = TL.MultiplyAdd(x, TL.Load(ref Unsafe.Add(ref bp, w)), s1);
        }
        TL.Store(s0, ref ci);
        TL.Store(s1, ref Unsafe.Add(ref ci, w));
    }

    /// <summary>Columns [j, n) of row i: one vector at a time, then one entry at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowTail<TL>(ref float a0, int ars, int acs, ref float b0, ref float c0, int k, int n,
        bool accumulate, int i, int j) where TL : struct, ILane<TL, float>
    {
        int w = TL.Width;
        ref float ai = ref Unsafe.Add(ref a0, i * ars);
        for (; j + w <= n; j += w)
        {
            ref float cij = ref Unsafe.Add(ref c0, i * n + j);
            TL s = accumulate ? TL.Load(ref cij) : TL.Zero;
            for (int p = 0; p < k; p++)
                s = TL.MultiplyAdd(TL.Broadcast(Unsafe.Add(ref ai, p * acs)), TL.Load(ref Unsafe.Add(ref b0, p * n + j)), s);
            TL.Store(s, ref cij);
        }
        for (; j < n; j++)
        {
            ref float cij = ref Unsafe.Add(ref c0, i * n + j);
            float s = accumulate ? cij : 0f;
            for (int p = 0; p < k; p++)
                s = MathF.FusedMultiplyAdd(Unsafe.Add(ref ai, p * acs), Unsafe.Add(ref b0, p * n + j), s);
            cij = s;
        }
    }

    /// <summary>
    /// Two rows of A against four rows of Bt at a time: eight independent accumulator chains hide the multiply-add
    /// latency and share the loads. Each dot product is still one vector chain over k, then a lane sum, then the
    /// scalar tail, exactly as <see cref="DotOne{TL}"/> computes it, so the blocking does not change any bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot<TL>(ReadOnlySpan<float> a, ReadOnlySpan<float> bt, Span<float> c, int k, int n,
        bool accumulate, int rowStart, int rowEnd) where TL : struct, ILane<TL, float>
    {
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(bt);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        int w = TL.Width;
        int vectorEnd = k - k % w;
        int i = rowStart;
        for (; i + 2 <= rowEnd; i += 2)
        {
            ref float ai = ref Unsafe.Add(ref a0, i * k);
            ref float ai1 = ref Unsafe.Add(ref ai, k);
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                ref float bj = ref Unsafe.Add(ref b0, j * k);
                ref float bj1 = ref Unsafe.Add(ref bj, k);
                ref float bj2 = ref Unsafe.Add(ref bj, 2 * k);
                ref float bj3 = ref Unsafe.Add(ref bj, 3 * k);
                TL s00 = TL.Zero, s01 = TL.Zero, s02 = TL.Zero, s03 = TL.Zero;
                TL s10 = TL.Zero, s11 = TL.Zero, s12 = TL.Zero, s13 = TL.Zero;
                for (int p = 0; p < vectorEnd; p += w)
                {
                    TL x0 = TL.Load(ref Unsafe.Add(ref ai, p)), x1 = TL.Load(ref Unsafe.Add(ref ai1, p));
                    TL y = TL.Load(ref Unsafe.Add(ref bj, p));
                    s00 = TL.MultiplyAdd(x0, y, s00); s10 = TL.MultiplyAdd(x1, y, s10);
                    y = TL.Load(ref Unsafe.Add(ref bj1, p));
                    s01 = TL.MultiplyAdd(x0, y, s01); s11 = TL.MultiplyAdd(x1, y, s11);
                    y = TL.Load(ref Unsafe.Add(ref bj2, p));
                    s02 = TL.MultiplyAdd(x0, y, s02); s12 = TL.MultiplyAdd(x1, y, s12);
                    y = TL.Load(ref Unsafe.Add(ref bj3, p));
                    s03 = TL.MultiplyAdd(x0, y, s03); s13 = TL.MultiplyAdd(x1, y, s13);
                }
                ref float ci = ref Unsafe.Add(ref c0, i * n + j);
                ref float ci1 = ref Unsafe.Add(ref ci, n);
                Finish<TL>(s00, ref ai, ref bj, vectorEnd, k, ref ci, accumulate);
                Finish<TL>(s01, ref ai, ref bj1, vectorEnd, k, ref Unsafe.Add(ref ci, 1), accumulate);
                Finish<TL>(s02, ref ai, ref bj2, vectorEnd, k, ref Unsafe.Add(ref ci, 2), accumulate);
                Finish<TL>(s03, ref ai, ref bj3, vectorEnd, k, ref Unsafe.Add(ref ci, 3), accumulate);
                Finish<TL>(s10, ref ai1, ref bj, vectorEnd, k, ref ci1, accumulate);
                Finish<TL>(s11, ref ai1, ref bj1, vectorEnd, k, ref Unsafe.Add(ref ci1, 1), accumulate);
                Finish<TL>(s12, ref ai1, ref bj2, vectorEnd, k, ref Unsafe.Add(ref ci1, 2), accumulate);
                Finish<TL>(s13, ref ai1, ref bj3, vectorEnd, k, ref Unsafe.Add(ref ci1, 3), accumulate);
            }
            for (; j < n; j++)
            {
                DotOne<TL>(ref ai, ref b0, ref c0, k, n, accumulate, i, j);
                DotOne<TL>(ref ai1, ref b0, ref c0, k, n, accumulate, i + 1, j);
            }
        }
        for (; i < rowEnd; i++)
            for (int j = 0; j < n; j++)
                DotOne<TL>(ref Unsafe.Add(ref a0, i * k), ref b0, ref c0, k, n, accumulate, i, j);
    }

    /// <summary>C[i,j] (+)= the dot product of A's row <paramref name="ai"/> with Bt's row j.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotOne<TL>(ref float ai, ref float b0, ref float c0, int k, int n, bool accumulate, int i, int j)
        where TL : struct, ILane<TL, float>
    {
        ref float bj = ref Unsafe.Add(ref b0, j * k);
        int w = TL.Width, p = 0;
        TL sum = TL.Zero;
        for (; p + w <= k; p += w)
            sum = TL.MultiplyAdd(TL.Load(ref Unsafe.Add(ref ai, p)), TL.Load(ref Unsafe.Add(ref bj, p)), sum);
        Finish<TL>(sum, ref ai, ref bj, p, k, ref Unsafe.Add(ref c0, i * n + j), accumulate);
    }

    /// <summary>Sums the lanes of a dot product's vector chain, adds the scalar tail [p, k), and stores it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Finish<TL>(TL sum, ref float ai, ref float bj, int p, int k, ref float cij, bool accumulate)
        where TL : struct, ILane<TL, float>
    {
        float s = TL.Sum(sum);
        for (; p < k; p++)
            s = MathF.FusedMultiplyAdd(Unsafe.Add(ref ai, p), Unsafe.Add(ref bj, p), s);
        cij = accumulate ? cij + s : s;
    }
}
