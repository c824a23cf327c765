using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

public sealed class MarchingSquaresTests
{
    private static ScalarGrid Cell(double a, double b, double c, double d) =>
        // a bottom-left, b bottom-right, c top-right, d top-left on the unit square
        new([0, 1], [0, 1], new double[,] { { a, b }, { d, c } });

    private static List<HashSet<(double, double)>> Segments(IReadOnlyList<ContourLine> lines) =>
        lines.Select(l => l.Points.Select(p => (Math.Round(p.X, 9), Math.Round(p.Y, 9))).ToHashSet()).ToList();

    [Fact]
    public void ASaddleWhoseCentreIsAboveJoinsTheHighCorners()
    {
        // High corners bottom-left and top-right; centre average 0.5 ≥ 0.4: the low corners are cut off.
        var lines = MarchingSquares.Lines(Cell(1, 0, 1, 0), 0.4);
        var segments = Segments(lines);
        Assert.Equal(2, segments.Count);
        Assert.Contains(segments, s => s.SetEquals([(0.6, 0.0), (1.0, 0.4)])); // around the low bottom-right corner
        Assert.Contains(segments, s => s.SetEquals([(0.4, 1.0), (0.0, 0.6)])); // around the low top-left corner
    }

    [Fact]
    public void ASaddleWhoseCentreIsBelowSeparatesTheHighCorners()
    {
        // Centre average 0.5 < 0.6: the high corners are cut off instead.
        var segments = Segments(MarchingSquares.Lines(Cell(1, 0, 1, 0), 0.6));
        Assert.Equal(2, segments.Count);
        Assert.Contains(segments, s => s.SetEquals([(0.0, 0.4), (0.4, 0.0)])); // around the high bottom-left corner
        Assert.Contains(segments, s => s.SetEquals([(1.0, 0.6), (0.6, 1.0)])); // around the high top-right corner
    }

    [Fact]
    public void TheOtherDiagonalSaddleIsDecidedTheSameWay()
    {
        var above = Segments(MarchingSquares.Lines(Cell(0, 1, 0, 1), 0.4));
        Assert.Contains(above, s => s.SetEquals([(0.0, 0.4), (0.4, 0.0)])); // low bottom-left cut off
        var below = Segments(MarchingSquares.Lines(Cell(0, 1, 0, 1), 0.6));
        Assert.Contains(below, s => s.SetEquals([(0.6, 0.0), (1.0, 0.4)])); // high bottom-right cut off
    }

    [Fact]
    public void CrossingsAreLinearlyInterpolatedAndChainedIntoOneLine()
    {
        // f = x on a 3 × 4 grid: the level 0.25 is one vertical line through every row.
        var grid = ScalarGrid.Sample((x, y) => x, (0, 1), (0, 3), 3, 4);
        var lines = MarchingSquares.Lines(grid, 0.25);
        var line = Assert.Single(lines);
        Assert.False(line.Closed);
        Assert.Equal(4, line.Points.Count);
        Assert.All(line.Points, p => Assert.Equal(0.25, p.X, 12));
        Assert.Equal([0.0, 1, 2, 3], line.Points.Select(p => p.Y).OrderBy(y => y));
    }

    [Fact]
    public void APeakGivesOneClosedLoop()
    {
        var grid = ScalarGrid.Sample((x, y) => -(x * x + y * y), (-1, 1), (-1, 1), 21, 21);
        var line = Assert.Single(MarchingSquares.Lines(grid, -0.25));
        Assert.True(line.Closed);
        Assert.Equal(line.Points[0], line.Points[^1]);
        Assert.All(line.Points, p => Assert.InRange(Math.Sqrt(p.X * p.X + p.Y * p.Y), 0.48, 0.5 + 1e-9));
    }

    [Fact]
    public void CellsWithAnUndefinedCornerAreSkipped()
    {
        var values = new double[,] { { 0, 1, 1 }, { 0, double.NaN, 1 } };
        var lines = MarchingSquares.Lines(new ScalarGrid([0, 1, 2], [0, 1], values), 0.5);
        Assert.Empty(lines);
    }
}
