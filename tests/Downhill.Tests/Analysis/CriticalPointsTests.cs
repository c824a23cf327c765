using Downhill.Analysis;

namespace Downhill.Tests.Analysis;

public class CriticalPointsTests
{
    private static CriticalPointReport Find(HandObjective f, double low, double high, int? starts = null, int threads = 0, long seed = 7) =>
        CriticalPoints.Find(f, Box.Cube(f.Dimension, low, high), new CriticalPointOptions { Starts = starts, Seed = seed, Threads = threads });

    [Fact]
    public void ACancelledSearchEndsWithWhatItFoundSoFar()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var report = CriticalPoints.Find(HandObjective.Himmelblau, Box.Cube(2, -5, 5),
            new CriticalPointOptions { Starts = 500, Cancellation = cancelled.Token });
        Assert.Equal(500, report.Starts);
        Assert.Equal(0, report.Converged);
        Assert.Empty(report.Points);
    }

    [Fact]
    public void HimmelblauHasFourMinimaOneMaximumFourSaddles()
    {
        var report = Find(HandObjective.Himmelblau, -5, 5);
        Assert.Equal(4, report.Count(CriticalPointKind.Minimum));
        Assert.Equal(1, report.Count(CriticalPointKind.Maximum));
        Assert.Equal(4, report.Count(CriticalPointKind.Saddle));
        Assert.Equal(9, report.Points.Count);
        Assert.All(report.Points.Where(p => p.Kind == CriticalPointKind.Minimum), p => Assert.Equal(0, p.F, 12));
        Assert.All(report.Points.Where(p => p.Kind == CriticalPointKind.Saddle), p => Assert.Equal(1, p.Curvature.Index));
        var max = report.Points.Single(p => p.Kind == CriticalPointKind.Maximum);
        Assert.Equal(-0.270845, max.X[0], 5);
        Assert.Equal(-0.923039, max.X[1], 5);
        Assert.Equal(181.616522, max.F, 5);
        Assert.Equal(2, max.Curvature.Index);
        // Polished to rounding: the gradient at each point is at the level of f's rounding error.
        Assert.All(report.Points, p => Assert.True(p.GradientNorm < 1e-11, $"‖∇f‖ = {p.GradientNorm} at {p.X[0]}, {p.X[1]}"));
        var lowest = report.LowestMinimum!;
        Assert.Equal(CriticalPointKind.Minimum, lowest.Kind);
        Assert.Equal(report.Points[0], lowest);
    }

    [Fact]
    public void HimmelblauKnownMinimumIsFoundToMachinePrecision()
    {
        var report = Find(HandObjective.Himmelblau, -5, 5);
        var at32 = report.Points.Single(p => Math.Abs(p.X[0] - 3) < 0.1 && Math.Abs(p.X[1] - 2) < 0.1);
        Assert.Equal(3.0, at32.X[0], 14);
        Assert.Equal(2.0, at32.X[1], 14);
        // ∇²f(3, 2) = [[74, 20], [20, 34]]: eigenvalues 54 ± √800.
        Assert.Equal(54 - Math.Sqrt(800), at32.Curvature.Eigenvalues[0], 10);
        Assert.Equal(54 + Math.Sqrt(800), at32.Curvature.Eigenvalues[1], 10);
        Assert.Equal((54 + Math.Sqrt(800)) / (54 - Math.Sqrt(800)), at32.Curvature.ConditionNumber, 8);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PeaksHasThreeOfEachKind(long seed)
    {
        var report = Find(HandObjective.Peaks, -3, 3, seed: seed);
        Assert.True(report.Points.Count == 9, string.Join("; ", report.Points.Select(p => $"{p.X[0]:F4},{p.X[1]:F4} {p.F:F4} {p.Kind} {p.Hits}")));
        Assert.Equal(3, report.Count(CriticalPointKind.Minimum));
        Assert.Equal(3, report.Count(CriticalPointKind.Maximum));
        Assert.Equal(3, report.Count(CriticalPointKind.Saddle));
        // The global minimum of peaks: f(0.228, −1.626) = −6.551 (MATLAB's documentation).
        var lowest = report.LowestMinimum!;
        Assert.Equal(0.228, lowest.X[0], 3);
        Assert.Equal(-1.626, lowest.X[1], 3);
        Assert.Equal(-6.5511, lowest.F, 4);
    }

    [Fact]
    public void SaddleXyHasOneSaddleOfIndexOne()
    {
        var report = Find(HandObjective.SaddleXY, -2, 2, starts: 20);
        var p = Assert.Single(report.Points);
        Assert.Equal(CriticalPointKind.Saddle, p.Kind);
        Assert.Equal(1, p.Curvature.Index);
        Assert.Equal([-2.0, 2.0], p.Curvature.Eigenvalues);
        Assert.Equal(0, p.X[0], 15);
        Assert.Equal(0, p.X[1], 15);
        Assert.Equal(20, p.Hits);
    }

    [Fact]
    public void CubicAtZeroIsDegenerate()
    {
        var report = Find(HandObjective.Cubic, -1, 1, starts: 20);
        var p = Assert.Single(report.Points);
        Assert.Equal(CriticalPointKind.Degenerate, p.Kind);
        Assert.True(Math.Abs(p.X[0]) < 1e-9, $"x = {p.X[0]}");
    }

    [Fact]
    public void MonkeySaddleIsDegenerate()
    {
        var report = Find(HandObjective.MonkeySaddle, -1, 1, starts: 50);
        var p = Assert.Single(report.Points);
        Assert.Equal(CriticalPointKind.Degenerate, p.Kind);
        Assert.True(Math.Abs(p.X[0]) + Math.Abs(p.X[1]) < 1e-8);
        Assert.All(p.Curvature.Eigenvalues, l => Assert.True(Math.Abs(l) <= p.Curvature.Tolerance));
    }

    [Fact]
    public void PointsOutsideTheBoxAreDropped()
    {
        // Himmelblau's minima at (3, 2) and (3.584, −1.848) are outside [−5, 2.5] × [−5, 5] in x.
        var report = CriticalPoints.Find(HandObjective.Himmelblau, new Box([-5, -5], [2.5, 5]), new CriticalPointOptions { Seed = 3 });
        Assert.Equal(2, report.Count(CriticalPointKind.Minimum));
        Assert.All(report.Points, p => Assert.True(p.X[0] <= 2.5));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(10)]
    public void WorksInHigherDimensions(int n)
    {
        var report = Find(HandObjective.Bowl(n), -1, 1, starts: 30);
        var p = Assert.Single(report.Points);
        Assert.Equal(CriticalPointKind.Minimum, p.Kind);
        Assert.Equal(n, p.Curvature.Eigenvalues.Count);
        Assert.Equal(2.0, p.Curvature.Eigenvalues[0], 12);
        Assert.Equal(2.0 * n, p.Curvature.Eigenvalues[^1], 12);
        Assert.Equal(n, p.Curvature.ConditionNumber, 10);
        Assert.All(p.X, v => Assert.Equal(0, v, 14));
    }

    [Fact]
    public void SameReportOnOneAndTwoThreads()
    {
        var one = Find(HandObjective.Peaks, -3, 3, starts: 120, threads: 1);
        var two = Find(HandObjective.Peaks, -3, 3, starts: 120, threads: 2);
        Assert.Equal(one.Points.Count, two.Points.Count);
        for (int i = 0; i < one.Points.Count; i++)
        {
            Assert.Equal(one.Points[i].X, two.Points[i].X);
            Assert.Equal(one.Points[i].Hits, two.Points[i].Hits);
        }
    }

    [Fact]
    public void ABoxOfTheWrongDimensionIsBadInput()
    {
        var e = Assert.Throws<InputException>(() => CriticalPoints.Find(HandObjective.Himmelblau, Box.Cube(3, -1, 1)));
        Assert.Equal("the box has 3 sides for a function of 2 variables", e.Message);
    }
}
