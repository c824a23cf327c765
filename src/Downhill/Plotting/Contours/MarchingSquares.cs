namespace Downhill.Plotting;

/// <summary>A contour line: points in data coordinates; a closed line returns to its first point.</summary>
public sealed record ContourLine(double Level, IReadOnlyList<(double X, double Y)> Points, bool Closed);

/// <summary>
/// Contour lines of a sampled function by marching squares. Each cell's corners are classed above (f ≥ level) or
/// below; the line crosses an edge where its corners differ, at the linearly interpolated point. In the two
/// ambiguous "saddle" cases (diagonal corners alike, neighbours different) the average of the four corners — the
/// bilinear value at the cell centre — decides: when it is above the level the two high corners are joined and
/// the low corners cut off, otherwise the reverse. Segments are then chained, by the edges they share, into
/// polylines.
/// </summary>
public static class MarchingSquares
{
    // Edges of a cell: 0 bottom, 1 right, 2 top, 3 left. Entry c lists the segments (pairs of edges) for the
    // corner code c = a + 2b + 4c + 8d (a bottom-left, b bottom-right, c top-right, d top-left; bit set = above).
    private static readonly int[][] Segments =
    [
        [], [3, 0], [0, 1], [3, 1], [1, 2], [], [0, 2], [3, 2],
        [2, 3], [0, 2], [], [1, 2], [1, 3], [0, 1], [0, 3], [],
    ];

    /// <summary>
    /// The contour lines of <paramref name="grid"/> at <paramref name="level"/>; cells with a NaN corner are skipped, and
    /// the cells under the grid's <see cref="ScalarGrid.Refinement"/> are drawn from the finer grid (lines that cross its
    /// border end there and go on in the finer grid's lines, from the same point).
    /// </summary>
    public static IReadOnlyList<ContourLine> Lines(ScalarGrid grid, double level)
    {
        int nx = grid.Xs.Length, ny = grid.Ys.Length;
        var v = grid.Values;
        var segments = new List<(long A, long B)>();
        for (int j = 0; j + 1 < ny; j++)
            for (int i = 0; i + 1 < nx; i++)
            {
                double a = v[j, i], b = v[j, i + 1], c = v[j + 1, i + 1], d = v[j + 1, i];
                if (grid.IsRefined(i, j)) continue;
                if (double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c) || double.IsNaN(d)) continue;
                int code = (a >= level ? 1 : 0) | (b >= level ? 2 : 0) | (c >= level ? 4 : 0) | (d >= level ? 8 : 0);
                long bottom = EdgeId(nx, i, j, vertical: false), top = EdgeId(nx, i, j + 1, vertical: false);
                long left = EdgeId(nx, i, j, vertical: true), right = EdgeId(nx, i + 1, j, vertical: true);
                long Edge(int e) => e switch { 0 => bottom, 1 => right, 2 => top, _ => left };
                if (code is 5 or 10)
                {
                    bool centreAbove = (a + b + c + d) / 4 >= level;
                    // Joined high corners (code 5: a and c) leave the low corners b and d cut off, and vice versa.
                    bool cutBandD = centreAbove == (code == 5);
                    if (cutBandD)
                    {
                        segments.Add((Edge(0), Edge(1)));
                        segments.Add((Edge(2), Edge(3)));
                    }
                    else
                    {
                        segments.Add((Edge(3), Edge(0)));
                        segments.Add((Edge(1), Edge(2)));
                    }
                    continue;
                }
                int[] pair = Segments[code];
                if (pair.Length == 2) segments.Add((Edge(pair[0]), Edge(pair[1])));
            }
        var lines = Chain(grid, level, segments);
        if (grid.Refinement is { } finer) lines.AddRange(Lines(finer, level));
        return lines;
    }

    private static long EdgeId(int nx, int i, int j, bool vertical) => ((long)j * nx + i) * 2 + (vertical ? 1 : 0);

    private static (double X, double Y) EdgePoint(ScalarGrid grid, long id, double level)
    {
        int nx = grid.Xs.Length;
        bool vertical = (id & 1) == 1;
        long cell = id >> 1;
        int i = (int)(cell % nx), j = (int)(cell / nx);
        if (vertical)
        {
            double t = Fraction(grid.Values[j, i], grid.Values[j + 1, i], level);
            return (grid.Xs[i], grid.Ys[j] + t * (grid.Ys[j + 1] - grid.Ys[j]));
        }
        double s = Fraction(grid.Values[j, i], grid.Values[j, i + 1], level);
        return (grid.Xs[i] + s * (grid.Xs[i + 1] - grid.Xs[i]), grid.Ys[j]);
    }

    /// <summary>Where between values p and q the level lies, in [0, 1].</summary>
    internal static double Fraction(double p, double q, double level)
    {
        double t = (level - p) / (q - p);
        return double.IsNaN(t) ? 0.5 : Math.Clamp(t, 0, 1);
    }

    private static List<ContourLine> Chain(ScalarGrid grid, double level, List<(long A, long B)> segments)
    {
        // Each edge touches at most two segments (one per neighbouring cell).
        var byEdge = new Dictionary<long, List<int>>();
        for (int s = 0; s < segments.Count; s++)
        {
            Add(segments[s].A, s);
            Add(segments[s].B, s);
        }
        var used = new bool[segments.Count];
        var lines = new List<ContourLine>();
        // Open lines first, from an edge that ends one (the grid's border or a NaN cell); then the closed loops.
        var ends = byEdge.Where(kv => kv.Value.Count == 1).Select(kv => kv.Key).OrderBy(e => e).ToList();
        foreach (long end in ends)
            if (!used[byEdge[end][0]]) lines.Add(Walk(end, closed: false));
        for (int s = 0; s < segments.Count; s++)
            if (!used[s]) lines.Add(Walk(segments[s].A, closed: true));
        return lines;

        void Add(long edge, int s)
        {
            if (!byEdge.TryGetValue(edge, out var list)) byEdge[edge] = list = new List<int>(2);
            list.Add(s);
        }

        ContourLine Walk(long start, bool closed)
        {
            var points = new List<(double X, double Y)> { EdgePoint(grid, start, level) };
            long at = start;
            while (true)
            {
                int next = -1;
                foreach (int s in byEdge[at])
                    if (!used[s]) { next = s; break; }
                if (next < 0) break;
                used[next] = true;
                at = segments[next].A == at ? segments[next].B : segments[next].A;
                points.Add(EdgePoint(grid, at, level));
            }
            return new ContourLine(level, points, closed);
        }
    }
}
