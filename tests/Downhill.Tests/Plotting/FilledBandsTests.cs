using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

public sealed class FilledBandsTests
{
    internal static double Area((double X, double Y)[] polygon)
    {
        double twice = 0;
        for (int k = 0; k < polygon.Length; k++)
        {
            var (p, q) = (polygon[k], polygon[(k + 1) % polygon.Length]);
            twice += p.X * q.Y - q.X * p.Y;
        }
        return Math.Abs(twice) / 2;
    }

    [Fact]
    public void BandsOfALinearFunctionHaveTheirExactAreas()
    {
        var grid = ScalarGrid.Sample((x, y) => x, (0, 1), (0, 1), 11, 11);
        var levels = new ContourLevels([0.25, 0.5], false);
        var areas = FilledBands.Regions(grid, levels).ToDictionary(r => r.Band, r => r.Polygons.Sum(Area));
        Assert.Equal(0.25, areas[0], 12);
        Assert.Equal(0.25, areas[1], 12);
        Assert.Equal(0.5, areas[2], 12);
    }

    [Fact]
    public void BandsTileTheGridWithoutGapsOrOverlaps()
    {
        // Himmelblau has saddle cells for several levels; every cell must still be covered exactly once.
        var grid = ScalarGrid.Sample(SampleFigures.Himmelblau, (-5, 5), (-5, 5), 23, 23);
        var levels = ContourLevels.Choose(grid);
        double total = FilledBands.Regions(grid, levels).Sum(r => r.Polygons.Sum(Area));
        Assert.Equal(100, total, 9);
    }

    [Fact]
    public void EachBandPieceLiesWithinItsBand()
    {
        var grid = ScalarGrid.Sample(SampleFigures.Himmelblau, (-5, 5), (-5, 5), 23, 23);
        var levels = ContourLevels.Choose(grid);
        foreach (var region in FilledBands.Regions(grid, levels))
        {
            double lo = region.Band == 0 ? double.NegativeInfinity : levels.Values[region.Band - 1];
            double hi = region.Band == levels.Values.Count ? double.PositiveInfinity : levels.Values[region.Band];
            foreach (var polygon in region.Polygons)
            {
                double cx = polygon.Average(p => p.X), cy = polygon.Average(p => p.Y);
                double f = grid.Interpolate(cx, cy);
                // The centroid of a clipped piece lies in its band up to the bilinear-versus-linear difference.
                Assert.InRange(f, lo - 0.05 * (hi - lo) - 1, hi + 0.05 * (hi - lo) + 1);
            }
        }
    }

    [Fact]
    public void LevelsAreLogSpacedWhereFSpansDecadesAndLinearOtherwise()
    {
        var rosenbrock = ContourLevels.Choose(ScalarGrid.Sample(SampleFigures.Rosenbrock, (-2, 2), (-1, 3), 81, 81));
        Assert.True(rosenbrock.Logarithmic);
        Assert.Contains(rosenbrock.Values, v => v <= 1); // the valley floor gets contours
        Assert.Contains(rosenbrock.Values, v => v >= 1000);
        Assert.True(rosenbrock.Values.Zip(rosenbrock.Values.Skip(1)).All(p => p.First < p.Second));

        var bowl = ContourLevels.Choose(ScalarGrid.Sample((x, y) => x * x + y * y, (-1, 1), (-1, 1), 41, 41));
        Assert.False(bowl.Logarithmic);
        Assert.Equal([0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8], bowl.Values.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void UndefinedAndInfiniteSamplesLeaveTheirCellsUndrawn()
    {
        // log(x·y) is NaN where x·y < 0 and −∞ on the axes: only the quadrants where it is finite are filled.
        var grid = ScalarGrid.Sample((x, y) => Math.Log(x * y), (-1, 1), (-1, 1), 21, 21);
        Assert.DoesNotContain(grid.Values.Cast<double>(), double.IsInfinity);
        var regions = FilledBands.Regions(grid, ContourLevels.Choose(grid));
        double total = regions.Sum(r => r.Polygons.Sum(Area));
        Assert.Equal(2 * 0.9 * 0.9, total, 9); // two quadrants, less the row and column of cells touching an axis
        Assert.All(regions.SelectMany(r => r.Polygons).SelectMany(p => p), p => Assert.True(double.IsFinite(p.X) && double.IsFinite(p.Y)));
    }
}
