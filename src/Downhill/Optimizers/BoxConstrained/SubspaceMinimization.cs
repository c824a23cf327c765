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
    private readonly int _n, _m, _ld;
    private readonly double[] _wn, _products, _wv, _start;

    public SubspaceMinimization(int dimension, int history)
    {
        _n = dimension;
        _m = history;
        _ld = 2 * _m;
        _wn = new double[_ld * _ld];
        _products = new double[_ld * _ld];
        _wv = new double[_ld];
        _start = new double[_n];
        ReducedGradient = new double[_n];
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
            if (b.Updates > _m) DropOldest();
            // The newest pair's row of YᵀZZᵀY, SᵀAAᵀS and L_a (SᵀAAᵀY), then its column of R_z (SᵀZZᵀY).
            int newest = b.Slot(col - 1), iy = col - 1, row = _m + col - 1;
            for (int jy = 0; jy < col; jy++)
            {
                int slot = b.Slot(jy);
                At(_products, iy, jy) = FreeSum(b.YAt(newest), b.YAt(slot), index, free);
                At(_products, row, _m + jy) = Sum(b.SAt(newest), b.SAt(slot), index, free, _n);
                At(_products, row, jy) = Sum(b.SAt(newest), b.YAt(slot), index, free, _n);
            }
            for (int i = 0; i < col; i++)
                At(_products, _m + i, col - 1) = FreeSum(b.SAt(b.Slot(i)), b.YAt(newest), index, free);
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
                double yyOut = Sum(yi, yj, changes, leaving, _n), ssOut = Sum(si, sj, changes, leaving, _n);
                At(_products, iy, jy) = At(_products, iy, jy) + yyIn - yyOut;
                At(_products, _m + iy, _m + jy) = At(_products, _m + iy, _m + jy) - ssIn + ssOut;
            }
        }
        for (int i = 0; i < upcl; i++)
        {
            var si = b.SAt(b.Slot(i));
            for (int jy = 0; jy < upcl; jy++)
            {
                var yj = b.YAt(b.Slot(jy));
                double syIn = Sum(si, yj, changes, 0, entering), syOut = Sum(si, yj, changes, leaving, _n);
                // On and above the diagonal the entry is R_z's (over Z); below, L_a's (over A).
                At(_products, _m + i, jy) = i <= jy
                    ? At(_products, _m + i, jy) + syIn - syOut
                    : At(_products, _m + i, jy) - syIn + syOut;
            }
        }

        // The upper triangle of K's symmetric form [D + YᵀZZᵀY/θ   −L_aᵀ + R_zᵀ... ; ·  θSᵀAAᵀS], then LELᵀ.
        for (int iy = 0; iy < col; iy++)
        {
            int column = col + iy, row = _m + iy;
            for (int jy = 0; jy <= iy; jy++)
            {
                At(_wn, jy, iy) = At(_products, iy, jy) / theta;
                At(_wn, col + jy, column) = At(_products, row, _m + jy) * theta;
            }
            for (int jy = 0; jy < iy; jy++) At(_wn, jy, column) = -At(_products, row, jy);
            for (int jy = iy; jy < col; jy++) At(_wn, jy, column) = At(_products, row, jy);
            At(_wn, iy, iy) += b.SY[iy + iy * _m];
        }
        if (!Triangular.CholeskyUpper(_wn, 0, _ld, col)) return false;
        for (int column = col; column < 2 * col; column++)
            Triangular.SolveTransposed(_wn, 0, _ld, col, _wn.AsSpan(column * _ld, col));
        for (int i = col; i < 2 * col; i++)
        {
            for (int j = i; j < 2 * col; j++)
            {
                double dot = 0;
                for (int k = 0; k < col; k++) dot += At(_wn, k, i) * At(_wn, k, j);
                At(_wn, i, j) += dot;
            }
        }
        return Triangular.CholeskyUpper(_wn, col + col * _ld, _ld, col);
    }

    /// <summary>When the oldest pair is dropped, every kept product moves up and left by one.</summary>
    private void DropOldest()
    {
        for (int jy = 0; jy < _m - 1; jy++)
        {
            int js = _m + jy;
            for (int r = 0; r < _m - jy - 1; r++)
            {
                At(_products, jy + r, jy) = At(_products, jy + 1 + r, jy + 1);
                At(_products, js + r, js) = At(_products, js + 1 + r, js + 1);
            }
            for (int r = 0; r < _m - 1; r++) At(_products, _m + r, jy) = At(_products, _m + 1 + r, jy + 1);
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
        if (!b.MultiplyMiddle(c, _wv)) return false;
        for (int j = 0; j < col; j++)
        {
            int slot = b.Slot(j);
            double a1 = _wv[j], a2 = theta * _wv[col + j];
            var y = b.YAt(slot);
            var s = b.SAt(slot);
            if (free == _n)
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
            _wv[i] = Gather(b.YAt(slot), d, index);
            _wv[col + i] = theta * Gather(b.SAt(slot), d, index);
        }
        var w = _wv.AsSpan(0, col2);
        if (!Triangular.SolveTransposed(_wn, 0, _ld, col2, w)) return false;
        for (int i = 0; i < col; i++) w[i] = -w[i];
        if (!Triangular.Solve(_wn, 0, _ld, col2, w)) return false;

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
        point.CopyTo(_start);
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
        for (int i = 0; i < _n; i++) slope += (point[i] - x[i]) * gradient[i];
        if (!(slope > 0)) return true;

        // Otherwise back along d from x_cp to the first bound it meets (Byrd et al. 1995).
        _start.CopyTo(point);
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

    private ref double At(double[] a, int i, int j) => ref a[i + j * _ld];

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
        if (d.Length == _n) return TensorPrimitives.Dot(v, d);
        double sum = 0;
        for (int i = 0; i < d.Length; i++) sum += v[index[i]] * d[i];
        return sum;
    }

    /// <summary>Σ a[k]·b[k] over the free variables Index[0..free): a plain dot product when every variable is free.</summary>
    private double FreeSum(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int[] index, int free) =>
        free == _n ? TensorPrimitives.Dot(a, b) : Sum(a, b, index, 0, free);
}
