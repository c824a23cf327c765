using System.Numerics.Tensors;

namespace Downhill.Optimizers.BoxConstrained;

/// <summary>
/// The generalized Cauchy point: the first local minimizer of the quadratic model m(x + s) = gᵀs + ½sᵀBs along the
/// projected steepest-descent path x(t) = P(x − t·g), a piecewise line that bends at each breakpoint tᵢ where a
/// coordinate reaches its bound (Byrd, Lu, Nocedal &amp; Zhu 1995, algorithm CP). On each segment the model is a
/// parabola in t with slope f′ and curvature f″; the search walks the breakpoints in increasing order (a heap, since
/// usually only the first few are reached), fixing each variable that reaches its bound, until the parabola's
/// minimizer lies inside the current segment. With B in compact form each segment costs O(m²) besides the update of
/// p = Wᵀd and c = Wᵀ(x(t) − x).
/// </summary>
internal sealed class CauchyPoint
{
    private readonly int _n, _m;
    private readonly double[] _breakpoints, _direction, _p, _wbp, _v;
    private readonly int[] _order;

    public CauchyPoint(int dimension, int history)
    {
        _n = dimension;
        _m = history;
        _breakpoints = new double[_n];
        _direction = new double[_n];
        _order = new int[_n];
        _p = new double[2 * _m];
        C = new double[2 * _m];
        _wbp = new double[2 * _m];
        _v = new double[2 * _m];
    }

    /// <summary>c = Wᵀ(x_cp − x) of the last search, for the subspace step's reduced gradient.</summary>
    public double[] C { get; }

    /// <summary>
    /// Writes the Cauchy point into <paramref name="point"/> and each variable's status into the active set. False when
    /// a solve with the middle matrix failed (the caller resets B).
    /// </summary>
    /// <param name="x">The current, feasible point.</param>
    /// <param name="gradient">∇f(x).</param>
    /// <param name="set">The bounds and the variables' statuses (updated here).</param>
    /// <param name="b">The limited-memory matrix.</param>
    /// <param name="projectedGradientNorm">‖x − P(x − ∇f)‖∞ at x; at 0 the Cauchy point is x.</param>
    /// <param name="point">Receives the Cauchy point.</param>
    public bool Find(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, ActiveSet set, LimitedMemoryMatrix b,
        double projectedGradientNorm, Span<double> point)
    {
        int col = b.Count, col2 = 2 * col;
        double theta = b.Theta;
        var c = C.AsSpan(0, col2);
        c.Clear();
        x.CopyTo(point);
        if (projectedGradientNorm <= 0) return true;

        var lower = set.Lower;
        var upper = set.Upper;
        var status = set.Status;
        bool bounded = true;
        int free = _n, breaks = 0, smallest = 0;
        double smallestBreak = 0, f1 = 0;
        for (int i = 0; i < _n; i++)
        {
            double negativeGradient = -gradient[i];
            double toLower = x[i] - lower[i], toUpper = upper[i] - x[i];
            if (status[i] != ActiveSet.Unbounded)
            {
                status[i] = ActiveSet.Free;
                if (set.HasLower[i] && toLower <= 0)
                {
                    if (negativeGradient <= 0) status[i] = ActiveSet.AtLower;
                }
                else if (set.HasUpper[i] && toUpper <= 0)
                {
                    if (negativeGradient >= 0) status[i] = ActiveSet.AtUpper;
                }
                else if (Math.Abs(negativeGradient) <= 0)
                {
                    status[i] = ActiveSet.Stationary;
                }
            }
            if (status[i] != ActiveSet.Free && status[i] != ActiveSet.Unbounded)
            {
                _direction[i] = 0;
                continue;
            }
            _direction[i] = negativeGradient;
            f1 -= negativeGradient * negativeGradient;
            double t;
            if (set.HasLower[i] && negativeGradient < 0) t = toLower / -negativeGradient;
            else if (set.HasUpper[i] && negativeGradient > 0) t = toUpper / negativeGradient;
            else
            {
                _order[--free] = i;
                if (Math.Abs(negativeGradient) > 0) bounded = false;
                continue;
            }
            _breakpoints[breaks] = t;
            _order[breaks] = i;
            if (breaks == 0 || t < smallestBreak) (smallestBreak, smallest) = (t, breaks);
            breaks++;
        }
        if (breaks == 0 && free == _n) return true;

        // p = Wᵀd = [Yᵀd; θSᵀd].
        var pv = _p.AsSpan(0, col2);
        for (int j = 0; j < col; j++)
        {
            int slot = b.Slot(j);
            pv[j] = TensorPrimitives.Dot(b.YAt(slot), _direction);
            pv[col + j] = theta * TensorPrimitives.Dot(b.SAt(slot), _direction);
        }

        // Along the first segment: f′ = gᵀd = −dᵀd, f″ = θdᵀd − pᵀMp.
        double f2 = -theta * f1, f2Original = f2;
        if (col > 0)
        {
            if (!b.MultiplyMiddle(pv, _v)) return false;
            f2 -= TensorPrimitives.Dot(_v.AsSpan(0, col2), pv);
        }
        double minimizerStep = -f1 / f2, stepSum = 0, segmentStep;
        if (breaks > 0)
        {
            int left = breaks;
            double tj = 0;
            for (int k = 1; ; k++)
            {
                double tj0 = tj;
                int ibp;
                if (k == 1)
                {
                    tj = smallestBreak;
                    ibp = _order[smallest];
                }
                else
                {
                    if (k == 2 && smallest != breaks - 1)
                    {
                        // The smallest was used without sorting; put the last breakpoint in its place before heaping.
                        _breakpoints[smallest] = _breakpoints[breaks - 1];
                        _order[smallest] = _order[breaks - 1];
                    }
                    PopSmallest(_breakpoints, _order, left, heapBuilt: k > 2);
                    tj = _breakpoints[left - 1];
                    ibp = _order[left - 1];
                }
                double dt = tj - tj0;
                if (minimizerStep < dt) break;

                // The model still falls at the breakpoint: fix variable ibp at its bound and go on to the next segment.
                stepSum += dt;
                left--;
                double dibp = _direction[ibp], zibp;
                _direction[ibp] = 0;
                if (dibp > 0)
                {
                    zibp = upper[ibp] - x[ibp];
                    point[ibp] = upper[ibp];
                    status[ibp] = ActiveSet.AtUpper;
                }
                else
                {
                    zibp = lower[ibp] - x[ibp];
                    point[ibp] = lower[ibp];
                    status[ibp] = ActiveSet.AtLower;
                }
                if (left == 0 && breaks == _n)
                {
                    // Every variable is at a bound: the Cauchy point is that corner.
                    if (col > 0) TensorPrimitives.MultiplyAdd(pv, dt, c, c);
                    return true;
                }
                double dibp2 = dibp * dibp;
                f1 = f1 + dt * f2 + dibp2 - theta * dibp * zibp;
                f2 -= theta * dibp2;
                if (col > 0)
                {
                    TensorPrimitives.MultiplyAdd(pv, dt, c, c);
                    for (int j = 0; j < col; j++)
                    {
                        int slot = b.Slot(j);
                        _wbp[j] = b.Y[slot * _n + ibp];
                        _wbp[col + j] = theta * b.S[slot * _n + ibp];
                    }
                    if (!b.MultiplyMiddle(_wbp, _v)) return false;
                    var vv = _v.AsSpan(0, col2);
                    double wmc = TensorPrimitives.Dot(c, vv);
                    double wmp = TensorPrimitives.Dot(pv, vv);
                    double wmw = TensorPrimitives.Dot(_wbp.AsSpan(0, col2), vv);
                    TensorPrimitives.MultiplyAdd(_wbp.AsSpan(0, col2), -dibp, pv, pv);
                    f1 += dibp * wmc;
                    f2 += 2.0 * dibp * wmp - dibp2 * wmw;
                }
                f2 = Math.Max(Epsilon * f2Original, f2);
                if (left > 0)
                {
                    minimizerStep = -f1 / f2;
                    continue;
                }
                minimizerStep = bounded ? 0 : -f1 / f2;
                break;
            }
        }
        segmentStep = Math.Max(minimizerStep, 0);
        stepSum += segmentStep;
        TensorPrimitives.MultiplyAdd(_direction, stepSum, point, point);
        if (col > 0) TensorPrimitives.MultiplyAdd(pv, segmentStep, c, c);
        return true;
    }

    /// <summary>The machine epsilon 2⁻⁵², L-BFGS-B's <c>epsmch</c>.</summary>
    public static readonly double Epsilon = Math.BitIncrement(1.0) - 1.0;

    /// <summary>
    /// Moves the least of t[0..count) to t[count − 1] and leaves the rest a binary min-heap in t[0..count − 1)
    /// (building the heap first when <paramref name="heapBuilt"/> is false), permuting <paramref name="order"/> alike.
    /// </summary>
    internal static void PopSmallest(Span<double> t, Span<int> order, int count, bool heapBuilt)
    {
        if (!heapBuilt)
        {
            for (int k = 1; k < count; k++)
            {
                double value = t[k];
                int index = order[k], i = k;
                while (i > 0)
                {
                    int parent = (i + 1) / 2 - 1;
                    if (!(value < t[parent])) break;
                    t[i] = t[parent];
                    order[i] = order[parent];
                    i = parent;
                }
                t[i] = value;
                order[i] = index;
            }
        }
        if (count <= 1) return;
        double least = t[0], last = t[count - 1];
        int leastIndex = order[0], lastIndex = order[count - 1], at = 0;
        while (true)
        {
            int child = 2 * at + 1;
            if (child > count - 2) break;
            if (t[child + 1] < t[child]) child++;
            if (!(t[child] < last)) break;
            t[at] = t[child];
            order[at] = order[child];
            at = child;
        }
        t[at] = last;
        order[at] = lastIndex;
        t[count - 1] = least;
        order[count - 1] = leastIndex;
    }
}
