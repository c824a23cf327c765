using Downhill.Functions;

namespace Downhill.Plotting;

/// <summary>
/// A function sampled on a rectangular grid: <c>Values[j, i]</c> = f(<c>Xs[i]</c>, <c>Ys[j]</c>).
/// Values may be NaN (outside the function's domain, or infinite when sampled); such cells are left undrawn.
/// </summary>
public sealed record ScalarGrid(double[] Xs, double[] Ys, double[,] Values)
{
    /// <summary>
    /// A finer grid over a box of this grid's cells whose corners are nodes of this grid, drawn in place of the cells it
    /// covers (contour bands and lines); null for none. See <see cref="FloorRefinement"/>.
    /// </summary>
    public ScalarGrid? Refinement { get; init; }

    /// <summary>Whether the cell from node (i, j) to (i + 1, j + 1) lies under <see cref="Refinement"/>, which draws it instead.</summary>
    internal bool IsRefined(int i, int j) =>
        Refinement is { } r && Xs[i] >= r.Xs[0] && Xs[i + 1] <= r.Xs[^1] && Ys[j] >= r.Ys[0] && Ys[j + 1] <= r.Ys[^1];

    /// <summary>Samples <paramref name="f"/> at <paramref name="nx"/> × <paramref name="ny"/> evenly spaced points.</summary>
    public static ScalarGrid Sample(Func<double, double, double> f, (double Low, double High) x, (double Low, double High) y, int nx = 81, int ny = 81)
    {
        if (nx < 2 || ny < 2) throw new ArgumentOutOfRangeException(nameof(nx), "a grid needs at least 2 × 2 points");
        double[] xs = Spaced(x, nx), ys = Spaced(y, ny);
        var values = new double[ny, nx];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                double v = f(xs[i], ys[j]);
                values[j, i] = double.IsFinite(v) ? v : double.NaN; // an infinity has no place on a colour scale
            }
        return new ScalarGrid(xs, ys, values);
    }

    /// <summary>Samples a function of two variables.</summary>
    /// <exception cref="InputException">The objective does not have exactly two variables.</exception>
    public static ScalarGrid Sample(IObjective objective, (double Low, double High) x, (double Low, double High) y, int nx = 81, int ny = 81) =>
        Sample(Of(objective), x, y, nx, ny);

    /// <summary>
    /// f(x, y) of a two-variable objective, as the grid's samplers take it (one call at a time: the point is reused).
    /// </summary>
    /// <exception cref="InputException">The objective does not have exactly two variables.</exception>
    public static Func<double, double, double> Of(IObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (objective.Dimension != 2)
            throw new InputException($"a contour or surface needs a function of 2 variables; this one has {objective.Dimension}");
        var point = new double[2];
        return (x, y) =>
        {
            point[0] = x;
            point[1] = y;
            return objective.Value(point);
        };
    }

    /// <summary>The smallest and largest finite value (0 and 1 when there is none).</summary>
    public (double Min, double Max) FiniteRange()
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in Values)
        {
            if (!double.IsFinite(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        return lo <= hi ? (lo, hi) : (0, 1);
    }

    /// <summary>Every finite value, in grid order.</summary>
    public IEnumerable<double> FiniteValues() => Values.Cast<double>().Where(double.IsFinite);

    /// <summary>The value at (x, y) by bilinear interpolation; NaN outside the grid.</summary>
    public double Interpolate(double x, double y)
    {
        int i = Cell(Xs, x), j = Cell(Ys, y);
        if (i < 0 || j < 0) return double.NaN;
        double tx = (x - Xs[i]) / (Xs[i + 1] - Xs[i]), ty = (y - Ys[j]) / (Ys[j + 1] - Ys[j]);
        double bottom = Values[j, i] + tx * (Values[j, i + 1] - Values[j, i]);
        double top = Values[j + 1, i] + tx * (Values[j + 1, i + 1] - Values[j + 1, i]);
        return bottom + ty * (top - bottom);
    }

    private static int Cell(double[] edges, double v)
    {
        if (!(v >= edges[0] && v <= edges[^1])) return -1;
        int k = Array.BinarySearch(edges, v);
        if (k < 0) k = ~k - 1;
        return Math.Min(k, edges.Length - 2);
    }

    private static double[] Spaced((double Low, double High) range, int n)
    {
        var values = new double[n];
        for (int k = 0; k < n; k++)
            values[k] = range.Low + (range.High - range.Low) * k / (n - 1);
        return values;
    }
}
