using Downhill.Analysis.Landscapes;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Analysis;

public class RestartExperimentTests
{
    [Fact]
    public void More_restarts_reach_rastrigins_global_minimum_more_often()
    {
        var report = RestartExperiment.Run(HandObjective.Rastrigin(2), Gd.WithLr(0.002), new RestartOptions
        {
            Starts = 400, Seed = 8, Init = StartingPoint.Parse("uniform"), Bounds = [(-5.12, 5.12), (-5.12, 5.12)],
            Run = new RunOptions { Stopping = StoppingRules.Default.With(new MaxIterations(2000)) },
        }, [1, 10, 50, 100], globalF: 0);
        Assert.Equal(400, report.Starts);
        Assert.InRange(report.SuccessRate, 0.002, 0.05);
        Assert.Equal([400, 40, 8, 4], report.Rows.Select(r => r.Groups));
        Assert.Equal(report.SuccessRate, report.Rows[0].Measured, 12);
        Assert.All(report.Rows, r => Assert.Equal(1 - Math.Pow(1 - report.SuccessRate, r.Restarts), r.Predicted, 12));
        Assert.True(report.Rows[3].Predicted > report.Rows[1].Predicted);
        Assert.True(report.Rows[3].Measured >= report.Rows[0].Measured);
        int needed = report.RestartsFor(0.9)!.Value;
        Assert.True(1 - Math.Pow(1 - report.SuccessRate, needed) >= 0.9 && 1 - Math.Pow(1 - report.SuccessRate, needed - 1) < 0.9);
    }
}
