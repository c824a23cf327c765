using Downhill.Analysis.Landscapes;
using Downhill.Functions;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Analysis;

public class RestartExperimentTests
{
    [Fact]
    public void MoreRestartsReachRastriginsGlobalMinimumMoreOften()
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

    [Fact]
    public void OnlyRunsThatEndInsideTheBoxCanReachItsGlobalMinimum()
    {
        // (x² − 1)² + x on [0, 2]: inside, the minimum is at x = 0.8376 (f = 0.9266); the lower well at x = −1.107
        // (f = −1.056) lies outside, and gradient descent from [0, 0.27) runs into it unless kept to the box (it then
        // stops on the face x = 0, f = 1).
        var wells = FunctionResolver.Resolve("(x^2 - 1)^2 + x", 1).Objective;
        var options = new RestartOptions
        {
            Starts = 40, Seed = 2, Init = StartingPoint.Parse("uniform"), Bounds = [(0, 2)],
            Run = new RunOptions { Stopping = StoppingRules.Default.With(new MaxIterations(5000)) },
        };
        var kept = RestartExperiment.Run(wells, Gd.WithLr(0.05), options, [1, 10]);
        var free = RestartExperiment.Run(wells, Gd.WithLr(0.05), options with { Constrain = false }, [1, 10]);
        var freeRuns = RandomRestarts.Run(wells, Gd.WithLr(0.05), options with { Constrain = false });

        Assert.True(kept.Constrained);
        Assert.False(free.Constrained);
        Assert.True(freeRuns.LeftBox > 0, "some free runs start left of the hump at x = 0.27 and leave the box");
        Assert.Equal(0.926658, kept.GlobalF, 5);
        Assert.Equal(0.926658, free.GlobalF, 5);
        Assert.Equal(40 - freeRuns.LeftBox, free.Successes);
        Assert.Equal(free.Successes, kept.Successes);
    }
}
