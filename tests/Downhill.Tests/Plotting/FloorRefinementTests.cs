using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

/// <summary>
/// The valley floor of a contour map: rosenbrock's lowest bands are thinner than a 121-point grid's cells near the
/// minimum, and drawn from that grid alone they break into a chain of islands.
/// </summary>
public sealed class FloorRefinementTests
{
    private static readonly ScalarGrid Rosenbrock121 = ScalarGrid.Sample(SampleFigures.Rosenbrock, (-2, 2), (-1, 3), 121, 121);

    /// <summary>The share of the nodes below a level that the largest of their 8-connected pieces holds.</summary>
    private static double LargestPieceShare(ScalarGrid grid, double level)
    {
        int nx = grid.Xs.Length, ny = grid.Ys.Length;
        var pieces = new List<int>();
        var seen = new bool[ny, nx];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
            {
                if (seen[j, i] || !(grid.Values[j, i] < level)) continue;
                pieces.Add(0);
                var stack = new Stack<(int, int)>([(i, j)]);
                seen[j, i] = true;
                while (stack.TryPop(out var at))
                {
                    pieces[^1]++;
                    for (int dj = -1; dj <= 1; dj++)
                        for (int di = -1; di <= 1; di++)
                        {
                            int a = at.Item1 + di, b = at.Item2 + dj;
                            if (a < 0 || b < 0 || a >= nx || b >= ny || seen[b, a] || !(grid.Values[b, a] < level)) continue;
                            seen[b, a] = true;
                            stack.Push((a, b));
                        }
                }
            }
        return pieces.Max() / (double)pieces.Sum();
    }

    [Fact]
    public void RosenbrocksFloorIsOneConnectedValleyOnceRefined()
    {
        var levels = ContourLevels.Choose(Rosenbrock121);
        Assert.Equal([0.1, 0.3], levels.Values.Take(2));
        // The coarse grid's floor falls apart into islands (at 0.1 the largest holds 8 of 26 nodes)…
        Assert.InRange(LargestPieceShare(Rosenbrock121, 0.1), 0, 0.4);
        Assert.InRange(LargestPieceShare(Rosenbrock121, 0.3), 0, 0.95);

        var refined = FloorRefinement.Refine(Rosenbrock121, levels, SampleFigures.Rosenbrock).Refinement;

        // …the finer grid over it holds each band's floor in one piece, the minimum (1, 1) inside it (where the region
        // below 0.1 tapers to its tip, a node or two may still stand alone: 2 of 452 seen).
        Assert.NotNull(refined);
        Assert.InRange(LargestPieceShare(refined, 0.1), 0.99, 1);
        Assert.Equal(1, LargestPieceShare(refined, 0.3));
        Assert.InRange(1.0, refined.Xs[0], refined.Xs[^1]);
        Assert.InRange(1.0, refined.Ys[0], refined.Ys[^1]);
        Assert.True(refined.Xs.Length * refined.Ys.Length <= FloorRefinement.NodeBudget);
        // Its corners are the coarse grid's nodes, and it divides each coarse cell alike.
        Assert.Contains(refined.Xs[0], Rosenbrock121.Xs);
        Assert.Contains(refined.Ys[^1], Rosenbrock121.Ys);
        int s = (refined.Xs.Length - 1) / (Array.IndexOf(Rosenbrock121.Xs, refined.Xs[^1]) - Array.IndexOf(Rosenbrock121.Xs, refined.Xs[0]));
        Assert.InRange(s, 2, FloorRefinement.MaxFactor);
        Assert.Equal(SampleFigures.Rosenbrock(refined.Xs[s + 1], refined.Ys[2 * s + 1]), refined.Values[2 * s + 1, s + 1], 12);
    }

    [Fact]
    public void BowlsAndRastriginAreLeftAlone()
    {
        // A bowl's floor is one disc; rastrigin's minima are islands in truth, spread over the whole map.
        var bowl = ScalarGrid.Sample((x, y) => x * x + y * y, (-1, 1), (-1, 1), 121, 121);
        Assert.Null(FloorRefinement.Refine(bowl, ContourLevels.Choose(bowl), (x, y) => x * x + y * y).Refinement);
        static double Rastrigin(double x, double y) => 20 + x * x - 10 * Math.Cos(2 * Math.PI * x) + y * y - 10 * Math.Cos(2 * Math.PI * y);
        var rastrigin = ScalarGrid.Sample(Rastrigin, (-5.12, 5.12), (-5.12, 5.12), 121, 121);
        Assert.Null(FloorRefinement.Refine(rastrigin, ContourLevels.Choose(rastrigin), Rastrigin).Refinement);
    }

    [Fact]
    public void BandsStillTileTheMapOnceAndLinesMeetAtTheFinerGridsBorder()
    {
        var levels = ContourLevels.Choose(Rosenbrock121);
        var grid = FloorRefinement.Refine(Rosenbrock121, levels, SampleFigures.Rosenbrock);
        var finer = grid.Refinement!;

        // Every point of the map is covered by exactly one band piece: the areas add up to the box's 4 × 4.
        double total = FilledBands.Regions(grid, levels).Sum(r => r.Polygons.Sum(FilledBandsTests.Area));
        Assert.Equal(16, total, 9);

        // A line of the coarse grid that ends on the finer grid's border goes on from that very point in the finer grid.
        foreach (double level in levels.Values)
        {
            var lines = MarchingSquares.Lines(grid, level);
            var ends = lines.Where(l => !l.Closed).SelectMany(l => new[] { l.Points[0], l.Points[^1] })
                .Where(p => OnBorder(p, finer) && !OnBorder(p, grid)).ToList();
            foreach (var end in ends)
                Assert.Equal(2, ends.Count(q => Math.Abs(q.X - end.X) < 1e-9 && Math.Abs(q.Y - end.Y) < 1e-9));
        }
    }

    [Fact]
    public void TheContourFigureOfRosenbrockDrawsTheRefinedFloor()
    {
        var figure = ContourFigure.Build("rosenbrock", Downhill.Functions.FunctionResolver.Resolve("rosenbrock", 2).Objective,
            [(-2, 2), (-1, 3)], [], []);
        var contour = figure.Panels[0].Marks.OfType<ContourMark>().Single();
        Assert.NotNull(contour.Grid.Refinement);
        Assert.Equal(121, contour.Grid.Xs.Length);
    }

    private static bool OnBorder((double X, double Y) p, ScalarGrid g) =>
        Math.Abs(p.X - g.Xs[0]) < 1e-12 || Math.Abs(p.X - g.Xs[^1]) < 1e-12 || Math.Abs(p.Y - g.Ys[0]) < 1e-12 || Math.Abs(p.Y - g.Ys[^1]) < 1e-12;
}
