using Downhill.Analysis;
using Downhill.Analysis.Landscapes;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Analysis;

public class LandscapeTests
{
    private static readonly RunOptions Run = new() { Stopping = StoppingRules.Default.With(new MaxIterations(5000)) };

    private static RestartReport Himmelblau(int threads, int starts = 60) =>
        RandomRestarts.Run(HandObjective.Himmelblau, Gd.WithLr(0.01), new RestartOptions
        {
            Starts = starts, Seed = 42, Init = StartingPoint.Parse("uniform"), Bounds = [(-5, 5), (-5, 5)], Run = Run, Threads = threads,
        });

    [Fact]
    public void RestartsOnHimmelblauFindItsFourMinima()
    {
        var report = Himmelblau(threads: 0);
        Assert.Equal(60, report.Starts);
        Assert.Equal(4, report.Minima.Count);
        Assert.All(report.Minima, m => Assert.Equal(0, m.F, 12));
        Assert.Equal(60, report.Minima.Sum(m => m.Count));
        Assert.Equal(1.0, report.Minima.Sum(m => m.Share), 12);
        Assert.Equal(0, report.Failed);
        Assert.Contains(report.Minima, m => Math.Abs(m.X[0] - 3) < 1e-6 && Math.Abs(m.X[1] - 2) < 1e-6);
        Assert.Contains(report.Minima, m => Math.Abs(m.X[0] + 3.779310) < 1e-5 && Math.Abs(m.X[1] + 3.283186) < 1e-5);
        Assert.Equal(report.Minima[0].F, report.Best!.F);
        for (int k = 0; k < report.Starts; k++)
        {
            var minimum = report.Minima[report.Labels[k]];
            Assert.True(Math.Abs(report.Runs[k].X[0] - minimum.X[0]) < 1e-3, $"start {k}");
        }
    }

    [Fact]
    public void RestartsGiveTheSameReportOnOneAndTwoThreads()
    {
        var one = Himmelblau(threads: 1, starts: 40);
        var two = Himmelblau(threads: 2, starts: 40);
        Assert.Equal(one.Labels, two.Labels);
        Assert.Equal(one.Minima, two.Minima, (a, b) => a.X.SequenceEqual(b.X) && a.F == b.F && a.Count == b.Count);
        Assert.Equal(one.Runs.Select(r => r.Start.ToArray()), two.Runs.Select(r => r.Start.ToArray()));
    }

    [Fact]
    public void DivergedAndUnconvergedRunsAreCountedNotGrouped()
    {
        var report = RandomRestarts.Run(HandObjective.Himmelblau, Gd.WithLr(0.05), new RestartOptions
        {
            Starts = 30, Seed = 1, Init = StartingPoint.Parse("gaussian:std=4"),
            Run = new RunOptions { Stopping = StoppingRules.Default.With(new MaxIterations(200)) },
        });
        Assert.True(report.Diverged > 0, "lr 0.05 is unstable on much of himmelblau");
        Assert.Equal(report.Starts, report.Failed + report.Minima.Sum(m => m.Count));
        Assert.All(report.Runs.Where((r, k) => report.Labels[k] == RestartReport.DivergedLabel), r => Assert.Equal(StopReason.Diverged, r.Stop));
    }

    [Fact]
    public void GroupingMergesWithinTheRelativeToleranceAndRanksByF()
    {
        var grouping = new MinimaGrouping(1e-3);
        Assert.Equal(0, grouping.Add([1.0, 1.0], 0.5));
        Assert.Equal(0, grouping.Add([1.0005, 1.0], 0.4));
        Assert.Equal(1, grouping.Add([2.0, 1.0], 0.1));
        Assert.Equal(0, grouping.Add([1.002, 1.0], 0.6)); // 0.002 ≤ 1e-3·(1 + 1.42)
        var (minima, rank) = grouping.Result(total: 5);
        Assert.Equal([0.1, 0.4], minima.Select(m => m.F));
        Assert.Equal([1.0005, 1.0], minima[1].X);
        Assert.Equal([1, 3], minima.Select(m => m.Count));
        Assert.Equal(0.6, minima[1].Share, 12);
        Assert.Equal([1, 0], rank);
    }

    [Fact]
    public void BasinMapOfHimmelblauLabelsEveryStart()
    {
        var map = BasinMap.Compute(HandObjective.Himmelblau, Gd.WithLr(0.01), Box.Cube(2, -5, 5), 21, Run);
        Assert.Equal(21, map.Labels.Count);
        Assert.All(map.Labels, row => Assert.Equal(21, row.Count));
        Assert.Equal(-5, map.XValues[0]);
        Assert.Equal(0, map.XValues[10], 15);
        Assert.Equal(5, map.YValues[^1]);
        Assert.Equal(4, map.Minima.Count);
        Assert.Equal(441, map.Minima.Sum(m => m.Count) + map.Failed);
        // The start (3.5, 2.5) lies in the basin of (3, 2); (−3.5, −3.5) in that of (−3.78, −3.28).
        int Label(double x, double y) => map.Labels[(int)Math.Round((y + 5) * 2)][(int)Math.Round((x + 5) * 2)];
        Assert.Equal(3.0, map.Minima[Label(3.5, 2.5)].X[0], 6);
        Assert.Equal(-3.779310, map.Minima[Label(-3.5, -3.5)].X[0], 5);
    }

    [Fact]
    public void BasinsRefuseAFunctionOfThreeVariables()
    {
        var e = Assert.Throws<InputException>(() =>
            BasinMap.Compute(HandObjective.Bowl(3), Gd.WithLr(0.01), Box.Cube(3, -1, 1), 10, Run));
        Assert.Equal("basins maps functions of 2 variables; this one has 3", e.Message);
    }
}
