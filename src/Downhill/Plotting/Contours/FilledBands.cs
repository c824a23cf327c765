namespace Downhill.Plotting;

/// <summary>The region of one contour band: polygons in data coordinates.</summary>
public sealed record BandRegion(int Band, IReadOnlyList<(double X, double Y)[]> Polygons);

/// <summary>
/// Filled contour bands. A cell whose corners all lie in one band is filled whole (runs of such cells in a row
/// become one rectangle); a cell that spans bands is clipped to each band with linear interpolation along its
/// edges, so band borders meet the contour lines of <see cref="MarchingSquares"/> exactly. A cell that is a saddle
/// for a band's bounding level is split into four triangles about its centre, whose value is the corners'
/// average — the same rule marching squares uses to decide which corners join.
/// </summary>
public static class FilledBands
{
    private readonly record struct Vertex(double X, double Y, double V);

    /// <summary>
    /// Every non-empty band of <paramref name="grid"/> under <paramref name="levels"/>, lowest first; the cells under
    /// the grid's <see cref="ScalarGrid.Refinement"/> come from the finer grid.
    /// </summary>
    public static IReadOnlyList<BandRegion> Regions(ScalarGrid grid, ContourLevels levels)
    {
        int nx = grid.Xs.Length, ny = grid.Ys.Length;
        var v = grid.Values;
        var polygons = new List<(double, double)[]>[levels.BandCount];
        for (int k = 0; k < polygons.Length; k++) polygons[k] = [];
        for (int j = 0; j + 1 < ny; j++)
        {
            double y0 = grid.Ys[j], y1 = grid.Ys[j + 1];
            int runBand = -1;
            double runStart = 0;
            for (int i = 0; i + 1 < nx; i++)
            {
                var corners = new[]
                {
                    new Vertex(grid.Xs[i], y0, v[j, i]), new Vertex(grid.Xs[i + 1], y0, v[j, i + 1]),
                    new Vertex(grid.Xs[i + 1], y1, v[j + 1, i + 1]), new Vertex(grid.Xs[i], y1, v[j + 1, i]),
                };
                bool defined = !grid.IsRefined(i, j) && corners.All(c => !double.IsNaN(c.V));
                int lowest = defined ? corners.Min(c => levels.BandOf(c.V)) : -1;
                int highest = defined ? corners.Max(c => levels.BandOf(c.V)) : -1;
                int uniform = defined && lowest == highest ? lowest : -1;
                if (uniform != runBand)
                {
                    if (runBand >= 0) polygons[runBand].Add(Rectangle(runStart, y0, grid.Xs[i], y1));
                    runBand = uniform;
                    runStart = grid.Xs[i];
                }
                if (!defined || uniform >= 0) continue;
                for (int band = lowest; band <= highest; band++)
                {
                    double lo = band == 0 ? double.NegativeInfinity : levels.Values[band - 1];
                    double hi = band == levels.Values.Count ? double.PositiveInfinity : levels.Values[band];
                    foreach (var piece in Pieces(corners, lo, hi))
                    {
                        var clipped = Clip(Clip(piece, lo, keepAbove: true), hi, keepAbove: false);
                        if (clipped.Count >= 3) polygons[band].Add(clipped.Select(p => (p.X, p.Y)).ToArray());
                    }
                }
            }
            if (runBand >= 0) polygons[runBand].Add(Rectangle(runStart, y0, grid.Xs[^1], y1));
        }
        if (grid.Refinement is { } finer)
            foreach (var region in Regions(finer, levels))
                polygons[region.Band].AddRange(region.Polygons);
        return Enumerable.Range(0, levels.BandCount)
            .Where(k => polygons[k].Count > 0)
            .Select(k => new BandRegion(k, polygons[k]))
            .ToList();
    }

    private static (double, double)[] Rectangle(double x0, double y0, double x1, double y1) =>
        [(x0, y0), (x1, y0), (x1, y1), (x0, y1)];

    /// <summary>The cell itself, or its four centre triangles when it is a saddle for either bounding level.</summary>
    private static IEnumerable<IReadOnlyList<Vertex>> Pieces(Vertex[] c, double lo, double hi)
    {
        if (!IsSaddle(c, lo) && !IsSaddle(c, hi))
        {
            yield return c;
            yield break;
        }
        var centre = new Vertex((c[0].X + c[2].X) / 2, (c[0].Y + c[2].Y) / 2, (c[0].V + c[1].V + c[2].V + c[3].V) / 4);
        for (int k = 0; k < 4; k++) yield return [c[k], c[(k + 1) % 4], centre];
    }

    private static bool IsSaddle(Vertex[] c, double level)
    {
        if (!double.IsFinite(level)) return false;
        bool a = c[0].V >= level, b = c[1].V >= level, cc = c[2].V >= level, d = c[3].V >= level;
        return a == cc && b == d && a != b;
    }

    /// <summary>Sutherland–Hodgman clipping against v ≥ level (or v ≤ level), interpolating along each edge.</summary>
    private static List<Vertex> Clip(IReadOnlyList<Vertex> polygon, double level, bool keepAbove)
    {
        if (!double.IsFinite(level)) return polygon.ToList();
        bool Inside(Vertex p) => keepAbove ? p.V >= level : p.V <= level;
        var result = new List<Vertex>(polygon.Count + 2);
        for (int k = 0; k < polygon.Count; k++)
        {
            Vertex p = polygon[k], q = polygon[(k + 1) % polygon.Count];
            bool pin = Inside(p), qin = Inside(q);
            if (pin) result.Add(p);
            if (pin != qin)
            {
                double t = MarchingSquares.Fraction(p.V, q.V, level);
                result.Add(new Vertex(p.X + t * (q.X - p.X), p.Y + t * (q.Y - p.Y), level));
            }
        }
        return result;
    }
}
