using System.Numerics.Tensors;

namespace Downhill.Optimizers.BoxConstrained;

/// <summary>
/// The subspace step of L-BFGS-B: with the variables at a bound held fixed at the Cauchy point x_cp, the Newton step
/// of the quadratic model over the free variables (Z spans them, A the fixed ones),
/// <code>
/// r = −Zᵀ(g + B(x_cp − x))                          reduced gradient
/// d = (ZᵀBZ)⁻¹r = (1/θ)r + (1/θ²)ZᵀW·K⁻¹·WᵀZr      by Sherman–Morrison–Woodbury, K = M⁻¹ − (1/θ)WᵀZZᵀW
/// </code>
/// then Morales &amp; Nocedal's (2011) correction: the step to x_cp + d projected onto the box is taken when it points
/// downhill from x, and otherwise the step is cut back along d to the first bound (the 1995 rule).
/// </summary>
/// <remarks>
/// K is factored as LELᵀ, E = diag(−I, I) (<see cref="Factor"/>); the inner products it needs, YᵀZZᵀY, SᵀAAᵀS and the
/// parts of SᵀY over the free and the fixed variables, are kept between iterations and only corrected for the
/// variables that entered or left the free set and for the newest pair, as the reference code does.
/// </remarks>
internal sealed class SubspaceMinimization
{
    private readonly int n, m, ld;
    private readonly double[] wn, products, wv, start;

    public SubspaceMinimization(int dimension, int history)
    {
        n = dimension;
        m = history;
        ld = 2 * m;
        wn = new double[ld * ld];
        products = new double[ld * ld];
        wv = new double[ld];
        start = new double[n];
        ReducedGradient = new double[n];
    }

    /// <summary>r (and then d) over the free variables, in the order of the active set's index.</summary>
    public double[] ReducedGradient { get; }

    /// <summary>
    /// Updates the kept inner products for the newest pair (when <paramref name="pairAdded"/>) and for the variables
    /// that entered and left the free set, then factors K. False when a Cholesky factor fails (the caller resets B).
    /// </summary>
    public bool Factor(ActiveSet set, LimitedMemoryMatrix b, bool pairAdded)
    {
        int col = b.Count, free = set.FreeCount;
        int[] index = set.Index;
        double theta = b.Theta;
        int upcl;
        if (pairAdded)
        {
            if (b.Updates > m) DropOldest();
            // The newest pair's row of YᵀZZᵀY, SᵀAAᵀS and L_a (SᵀAAᵀY), then its column of R_z (SᵀZZᵀY).
            int newest = b.Slot(col - 1), iy = col - 1, row = m + col - 1;
            for (int jy = 0; jy < col; jy++)
            {
                int slot = b.Slot(jy);
                At(products, iy, jy) = FreeSum(b.YAt(newest), b.YAt(slot), index, free);
                At(products, row, m + jy) = Sum(b.SAt(newest), b.SAt(slot), index, free, n);
                At(products, row, jy) = Sum(b.SAt(newest), b.YAt(slot), index, free, n);
            }
            for (int i = 0; i < col; i++)
                At(products, m + i, col - 1) = FreeSum(b.SAt(b.Slot(i)), b.YAt(newest), index, free);
            upcl = col - 1;
        }
        else
        {
            upcl = col;
        }

        // The older entries change by the variables that entered (+ over Z, − over A) and left the free set.
        int[] changes = set.Changes;
        int entering = set.Entering, leaving = set.LeavingStart;
        for (int iy = 0; iy < upcl; iy++)
        {
            var yi = b.YAt(b.Slot(iy));
            var si = b.SAt(b.Slot(iy));
            for (int jy = 0; jy <= iy; jy++)
            {
                var yj = b.YAt(b.Slot(jy));
                var sj = b.SAt(b.Slot(jy));
                double yyIn = Sum(yi, yj, changes, 0, entering), ssIn = Sum(si, sj, changes, 0, entering);
                double yyOut = Sum(yi, yj, changes, leaving, n), ssOut = Sum(si, sj, changes, leaving, n);
                At(products, iy, jy) = At(products, iy, jy) + yyIn - yyOut;
                At(products, m + iy, m + jy) = At(products, m + iy, m + jy) - ssIn + ssOut;
            }
        }
        for (int i = 0; i < upcl; i++)
        {
            var si = b.SAt(b.Slot(i));
            for (int jy = 0; jy < upcl; jy++)
            {
                var yj = b.YAt(b.Slot(jy));
                double syIn = Sum(si, yj, changes, 0, entering), syOut = Sum(si, yj, changes, leaving, n);
                // On and above the diagonal the entry is R_z's (over Z); below, L_a's (over A).
                At(products, m + i, jy) = i <= jy
                    ? At(products, m + i, jy) + syIn - syOut
                    : At(products, m + i, jy) - syIn + syOut;
            }
        }

        // The upper triangle of K's symmetric form [D + YᵀZZᵀY/θ   −L_aᵀ + R_zᵀ... ; ·  θSᵀAAᵀS], then LELᵀ.
        for (int iy = 0; iy < col; iy++)
        {
            int column = col + iy, row = m + iy;
            for (int jy = 0; jy <= iy; jy++)
            {
                At(wn, jy, iy) = At(products, iy, jy) / theta;
                At(wn, col + jy, column) = At(products, row, m + jy) * theta;
            }
            for (int jy = 0; jy < iy; jy++) At(wn, jy, column) = -At(products, row, jy);
            for (int jy = iy; jy < col; jy++) At(wn, jy, column) = At(products, row, jy);
            At(wn, iy, iy) += b.SY[iy + iy * m];
        }
        if (!Triangular.CholeskyUpper(wn, 0, ld, col)) return false;
        for (int column = col; column < 2 * col; column++)
            Triangular.SolveTransposed(wn, 0, ld, col, wn.AsSpan(column * ld, col));
        for (int i = col; i < 2 * col; i++)
        {
            for (int j = i; j < 2 * col; j++)
            {
                double dot = 0;
                for (int k = 0; k < col; k++) dot += At(wn, k, i) * At(wn, k, j);
                At(wn, i, j) += dot;
            }
        }
        return Triangular.CholeskyUpper(wn, col + col * ld, ld, col);
    }

    /// <summary>When the oldest pair is dropped, every kept product moves up and left by one.</summary>
    private void DropOldest()
    {
        for (int jy = 0; jy < m - 1; jy++)
        {
            int js = m + jy;
            for (int r = 0; r < m - jy - 1; r++)
            {
                At(products, jy + r, jy) = At(products, jy + 1 + r, jy + 1);
                At(products, js + r, js) = At(products, js + 1 + r, js + 1);
            }
            for (int r = 0; r < m - 1; r++) At(products, m + r, jy) = At(products, m + 1 + r, jy + 1);
        }
    }

    /// <summary>r = −Zᵀ(g + B(x_cp − x)), with c = Wᵀ(x_cp − x) from the Cauchy search. False when a solve failed.</summary>
    public bool ReduceGradient(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, ReadOnlySpan<double> cauchyPoint,
        ReadOnlySpan<double> c, ActiveSet set, LimitedMemoryMatrix b)
    {
        int col = b.Count, free = set.FreeCount;
        int[] index = set.Index;
        double theta = b.Theta;
        var r = ReducedGradient.AsSpan();
        if (!set.Constrained)
        {
            TensorPrimitives.Negate(gradient, r);
            return true;
        }
        for (int i = 0; i < free; i++)
        {
            int k = index[i];
            r[i] = -theta * (cauchyPoint[k] - x[k]) - gradient[k];
        }
        if (!b.MultiplyMiddle(c, wv)) return false;
        for (int j = 0; j < col; j++)
        {
            int slot = b.Slot(j);
            double a1 = wv[j], a2 = theta * wv[col + j];
            var y = b.YAt(slot);
            var s = b.SAt(slot);
            if (free == n)
            {
                TensorPrimitives.MultiplyAdd(y, a1, r, r);
                TensorPrimitives.MultiplyAdd(s, a2, r, r);
                continue;
            }
            for (int i = 0; i < free; i++)
            {
                int k = index[i];
                r[i] = r[i] + y[k] * a1 + s[k] * a2;
            }
        }
        return true;
    }

    /// <summary>
    /// Moves <paramref name="point"/> (on entry the Cauchy point) to the subspace minimizer, kept inside the box. False
    /// when a solve failed.
    /// </summary>
    public bool Step(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, Span<double> point, ActiveSet set,
        LimitedMemoryMatrix b)
    {
        int col = b.Count, free = set.FreeCount, col2 = 2 * col;
        if (free <= 0) return true;
        int[] index = set.Index;
        double theta = b.Theta;
        var d = ReducedGradient.AsSpan(0, free);

        // wv = K⁻¹WᵀZd.
        for (int i = 0; i < col; i++)
        {
            int slot = b.Slot(i);
            wv[i] = Gather(b.YAt(slot), d, index);
            wv[col + i] = theta * Gather(b.SAt(slot), d, index);
        }
        var w = wv.AsSpan(0, col2);
        if (!Triangular.SolveTransposed(wn, 0, ld, col2, w)) return false;
        for (int i = 0; i < col; i++) w[i] = -w[i];
        if (!Triangular.Solve(wn, 0, ld, col2, w)) return false;

        // d = (1/θ)d + (1/θ²)ZᵀW·wv.
        for (int j = 0; j < col; j++)
        {
            int slot = b.Slot(j);
            var y = b.YAt(slot);
            var s = b.SAt(slot);
            double wy = w[j], ws = w[col + j];
            for (int i = 0; i < free; i++)
            {
                int k = index[i];
                d[i] = d[i] + y[k] * wy / theta + s[k] * ws;
            }
        }
        TensorPrimitives.Multiply(d, 1 / theta, d);

        // Morales–Nocedal: project x_cp + d onto the box; keep it if it points downhill from x.
        var lower = set.Lower;
        var upper = set.Upper;
        bool clipped = false;
        point.CopyTo(start);
        for (int i = 0; i < free; i++)
        {
            int k = index[i];
            double target = point[k] + d[i];
            if (set.HasLower[k] && target <= lower[k])
            {
                point[k] = lower[k];
                clipped = true;
            }
            else if (set.HasUpper[k] && target >= upper[k])
            {
                point[k] = upper[k];
                clipped = true;
            }
            else
            {
                point[k] = target;
            }
        }
        if (!clipped) return true;
        double slope = 0;
        for (int i = 0; i < n; i++) slope += (point[i] - x[i]) * gradient[i];
        if (!(slope > 0)) return true;

        // Otherwise back along d from x_cp to the first bound it meets (Byrd et al. 1995).
        start.CopyTo(point);
        double alpha = 1, limit = alpha;
        int blocking = -1;
        for (int i = 0; i < free; i++)
        {
            int k = index[i];
            double dk = d[i];
            if (set.HasLower[k] && dk < 0)
            {
                double room = lower[k] - point[k];
                if (room >= 0) limit = 0;
                else if (dk * alpha < room) limit = room / dk;
            }
            else if (set.HasUpper[k] && dk > 0)
            {
                double room = upper[k] - point[k];
                if (room <= 0) limit = 0;
                else if (dk * alpha > room) limit = room / dk;
            }
            else
            {
                continue;
            }
            if (limit < alpha)
            {
                alpha = limit;
                blocking = i;
            }
        }
        if (alpha < 1)
        {
            int k = index[blocking];
            if (d[blocking] > 0) point[k] = upper[k];
            else point[k] = lower[k];
            d[blocking] = 0;
        }
        for (int i = 0; i < free; i++) point[index[i]] += alpha * d[i];
        return true;
    }

    private ref double At(double[] a, int i, int j) => ref a[i + j * ld];

    /// <summary>Σ a[k]·b[k] over k = <paramref name="index"/>[from..to).</summary>
    private static double Sum(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int[] index, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            int k = index[i];
            sum += a[k] * b[k];
        }
        return sum;
    }

    /// <summary>Σ v[index[i]]·d[i] over the free variables.</summary>
    private double Gather(ReadOnlySpan<double> v, ReadOnlySpan<double> d, int[] index)
    {
        if (d.Length == n) return TensorPrimitives.Dot(v, d);
        double sum = 0;
        for (int i = 0; i < d.Length; i++) sum += v[index[i]] * d[i];
        return sum;
    }

    /// <summary>Σ a[k]·b[k] over the free variables Index[0..free): a plain dot product when every variable is free.</summary>
    private double FreeSum(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int[] index, int free) =>
        free == n ? TensorPrimitives.Dot(a, b) : Sum(a, b, index, 0, free);
}
