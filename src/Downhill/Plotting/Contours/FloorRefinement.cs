using Downhill.Functions;

namespace Downhill.Plotting;

/// <summary>
/// A finer grid over the valley floor of a sampled function, where its lowest bands are thinner than the grid's cells
/// and a coarse grid draws them as a chain of islands (rosenbrock's curved valley near its minimum).
/// </summary>
/// <remarks>
/// The floor is the set of nodes in the lowest bands (below the second or third level). Where that set falls apart into
/// several pieces, the cells around all of them (one cell more on each side) are sampled again, each divided into
/// s × s, with s as large as <see cref="NodeBudget"/> allows, up to <see cref="MaxFactor"/>; below 2 the floor is
/// spread too wide to be a thin valley (rastrigin's many minima are islands in truth) and nothing is refined. The finer
/// grid's border nodes take the coarse grid's values interpolated along its edges rather than f's, so that contour lines
/// and band borders leaving the finer grid meet those of the coarse grid at the same points.
/// </remarks>
public static class FloorRefinement
{
    /// <summary>The most nodes a finer grid may have.</summary>
    public const int NodeBudget = 40_000;

    /// <summary>The most pieces a coarse cell is divided into along each axis.</summary>
    public const int MaxFactor = 8;

    /// <summary>The lowest bands examined: the floor is the nodes below level 1, or 2, or 3.</summary>
    private const int FloorBands = 3;

    /// <summary>
    /// <paramref name="grid"/>, sampled from the two-variable <paramref name="objective"/>, refined along its floor under
    /// the levels a contour figure chooses for it (<see cref="ContourLevels.Choose"/>).
    /// </summary>
    public static ScalarGrid Refine(ScalarGrid grid, IObjective objective)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return Refine(grid, ContourLevels.Choose(grid), ScalarGrid.Of(objective));
    }

    /// <summary>
    /// <paramref name="grid"/> with a <see cref="ScalarGrid.Refinement"/> sampled from <paramref name="f"/> where its
    /// floor under <paramref name="levels"/> falls apart into islands; otherwise <paramref name="grid"/> itself.
    /// </summary>
    public static ScalarGrid Refine(ScalarGrid grid, ContourLevels levels, Func<double, double, double> f)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(f);
        if (grid.Refinement is not null) return grid;
        int nx = grid.Xs.Length, ny = grid.Ys.Length;
        (int I0, int J0, int I1, int J1)? box = null;
        for (int band = 1; band <= Math.Min(FloorBands, levels.Values.Count); band++)
        {
            double level = levels.Values[band - 1];
            if (Pieces(grid, level, out var extent) >= 2) box = extent;
        }
        if (box is not { } b) return grid;
        int i0 = Math.Max(b.I0 - 1, 0), j0 = Math.Max(b.J0 - 1, 0), i1 = Math.Min(b.I1 + 1, nx - 1), j1 = Math.Min(b.J1 + 1, ny - 1);
        long cells = (long)(i1 - i0) * (j1 - j0);
        if (cells == 0) return grid;
        int s = (int)Math.Min(MaxFactor, Math.Floor(Math.Sqrt(NodeBudget / (double)cells)));
        if (s < 2) return grid;
        return grid with { Refinement = Sample(grid, i0, j0, i1, j1, s, f) };
    }

    /// <summary>How many 8-connected pieces the nodes below <paramref name="level"/> form, and the nodes' index box.</summary>
    private static int Pieces(ScalarGrid grid, double level, out (int I0, int J0, int I1, int J1) extent)
    {
        int nx = grid.Xs.Length, ny = grid.Ys.Length;
        var seen = new bool[ny, nx];
        var stack = new Stack<(int I, int J)>();
        int pieces = 0;
        extent = (nx, ny, -1, -1);
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                if (seen[j, i] || !(grid.Values[j, i] < level)) continue;
                pieces++;
                seen[j, i] = true;
                stack.Push((i, j));
                while (stack.TryPop(out var at))
                {
                    extent = (Math.Min(extent.I0, at.I), Math.Min(extent.J0, at.J), Math.Max(extent.I1, at.I), Math.Max(extent.J1, at.J));
                    for (int dj = -1; dj <= 1; dj++)
                        for (int di = -1; di <= 1; di++)
                        {
                            int ni = at.I + di, nj = at.J + dj;
                            if (ni < 0 || nj < 0 || ni >= nx || nj >= ny || seen[nj, ni] || !(grid.Values[nj, ni] < level)) continue;
                            seen[nj, ni] = true;
                            stack.Push((ni, nj));
                        }
                }
            }
        return pieces;
    }

    /// <summary>The cells [i0, i1] × [j0, j1] of <paramref name="grid"/>, each divided s × s; f inside, the coarse edges on the border.</summary>
    private static ScalarGrid Sample(ScalarGrid grid, int i0, int j0, int i1, int j1, int s, Func<double, double, double> f)
    {
        double[] xs = Subdivide(grid.Xs, i0, i1, s), ys = Subdivide(grid.Ys, j0, j1, s);
        var values = new double[ys.Length, xs.Length];
        for (int q = 0; q < ys.Length; q++)
            for (int p = 0; p < xs.Length; p++)
            {
                bool border = q == 0 || p == 0 || q == ys.Length - 1 || p == xs.Length - 1;
                double v = border ? AlongCoarseEdge(grid, i0 + p / s, p % s, j0 + q / s, q % s, s) : f(xs[p], ys[q]);
                values[q, p] = double.IsFinite(v) ? v : double.NaN;
            }
        return new ScalarGrid(xs, ys, values);
    }

    private static double[] Subdivide(double[] edges, int from, int to, int s)
    {
        var result = new double[(to - from) * s + 1];
        for (int k = 0; k < to - from; k++)
            for (int r = 0; r < s; r++)
                result[k * s + r] = r == 0 ? edges[from + k] : edges[from + k] + (edges[from + k + 1] - edges[from + k]) * r / s;
        result[^1] = edges[to];
        return result;
    }

    /// <summary>
    /// The coarse value at the border node r/s of the way from node (i, j) along x (or q/s along y): a border node lies
    /// on one coarse edge, where the coarse grid is linear.
    /// </summary>
    private static double AlongCoarseEdge(ScalarGrid grid, int i, int r, int j, int q, int s)
    {
        var v = grid.Values;
        if (r == 0 && q == 0) return v[j, i];
        if (q == 0) return v[j, i] + (v[j, i + 1] - v[j, i]) * r / s;
        if (r == 0) return v[j, i] + (v[j + 1, i] - v[j, i]) * q / s;
        throw new InvalidOperationException("a border node lies on a coarse edge");
    }
}
