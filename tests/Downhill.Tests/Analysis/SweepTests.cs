using Downhill.Analysis.Sweeps;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Analysis;

public class SweepTests
{
    [Fact]
    public void PowersOfTen()
    {
        Assert.Equal([1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10], SweepAxis.Parse("lr", "1e-6..10").Values);
        Assert.Equal([2e-3, 2e-2, 2e-1], SweepAxis.Parse("lr", "2e-3..1").Values);
    }

    [Fact]
    public void LogAndLinearSpacingAndLists()
    {
        var log = SweepAxis.Parse("lr", "1e-4..1:5").Values;
        Assert.Equal(5, log.Count);
        Assert.Equal(1e-4, log[0]);
        Assert.Equal(1e-3, log[1]);
        Assert.Equal(1e-1, log[3]);
        Assert.Equal(1, log[4]);
        Assert.Equal(log, SweepAxis.ParseAssignment("lr=1e-4..1:log:5").Values);
        Assert.Equal([0, 0.3, 0.6, 0.9], SweepAxis.ParseAssignment("momentum=0..0.9:lin:4").Values);
        var list = SweepAxis.ParseAssignment("momentum=0,0.5,0.9");
        Assert.Equal("momentum", list.Key);
        Assert.Equal([0, 0.5, 0.9], list.Values);
    }

    [Theory]
    [InlineData("lr", "expected key=values, e.g. lr=1e-4..1:log:9 or momentum=0,0.5,0.9", 0)]
    [InlineData("lr=1e-4..x", "lr must be a number, not 'x'", 9)]
    [InlineData("momentum=0,a,0.9", "momentum must be a number, not 'a'", 11)]
    [InlineData("m=0..1:5", "m: log spacing needs a positive low end, not 0 (use lo..hi:lin:N)", 2)]
    [InlineData("lr=1..1e-4", "lr: the low end 1 must be below the high end 0.0001", 3)]
    [InlineData("lr=1e-4..1:cubic:3", "lr: unknown spacing 'cubic' (expected log or lin)", 11)]
    [InlineData("lr=1e-4..1:log:0", "lr: the count must be a whole number from 1 to 10000, not '0'", 15)]
    public void BadAxesAreNamedWithACaret(string text, string message, int position)
    {
        var e = Assert.Throws<InputException>(() => SweepAxis.ParseAssignment(text));
        Assert.Equal(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void LearningRateSweepOnAnIllConditionedValleyNamesTheLargestStableRate()
    {
        // ½(x² + 50y²): gradient descent is stable for lr < 2/50 = 0.04.
        var report = Sweep.Run(HandObjective.Valley(50), [1.0, 1.0], [SweepAxis.Parse("lr", "1e-4..1")],
            Gd.WithLr(1), new RunOptions { Stopping = StoppingRules.Default.With(new MaxIterations(300)) });
        Assert.Equal([1e-4, 1e-3, 1e-2, 0.1, 1], report.Runs.Select(r => r.Settings[0].Value));
        Assert.Equal([StopReason.MaxIter, StopReason.MaxIter, StopReason.MaxIter, StopReason.Diverged, StopReason.Diverged],
            report.Runs.Select(r => r.Run.Stop));
        Assert.Equal(0.01, report.LargestStableLearningRate);
        Assert.Equal(0.01, report.Best!.Settings[0].Value);
        // x shrinks by (1 − 0.01) per step: f = ½·0.99⁶⁰⁰ + ½·50·0.5⁶⁰⁰.
        Assert.Equal(0.5 * Math.Pow(0.99, 600), report.Best.Run.F, 12);
    }

    [Fact]
    public void GridsRunEveryCombinationFirstAxisSlowestEachWithItsSettingsInEffect()
    {
        var report = Sweep.Run(HandObjective.Valley(2), [1.0, 1.0],
            [SweepAxis.ParseAssignment("lr=0.1,0.2"), SweepAxis.ParseAssignment("momentum=0,0.5,0.9")],
            Methods.Parse("sgd:nesterov=false"), new RunOptions { Stopping = StoppingRules.Default.With(new MaxIterations(50)) });
        string[] expected = ["lr=0.1,momentum=0", "lr=0.1,momentum=0.5", "lr=0.1,momentum=0.9", "lr=0.2,momentum=0", "lr=0.2,momentum=0.5", "lr=0.2,momentum=0.9"];
        Assert.Equal(expected, report.Runs.Select(r => string.Join(",", r.Settings.Select(s => $"{s.Key}={s.Value}"))));
        Assert.Equal(expected, report.Runs.Select(r => string.Join(",", r.Run.Hyperparameters.Where(h => h.Name is "lr" or "momentum"))));
        Assert.All(report.Runs, r => Assert.Equal("sgd", r.Run.Method));
    }

    [Fact]
    public void AValueTheMethodRefusesStopsTheSweepBeforeAnyRun()
    {
        var e = Assert.Throws<InputException>(() => Sweep.Run(HandObjective.Valley(2), [1.0, 1.0], [SweepAxis.Parse("lr", "0.1,-1")],
            Gd.WithLr(1), RunOptions.Default with { Observer = new FailingObserver() }));
        Assert.Equal("gd:lr must be a finite number ≥ 0, not -1", e.Message);
    }

    [Fact]
    public void AKeyTheMethodLacksIsNamedWithTheValidOnes() =>
        Assert.Equal("unknown key 'momentum' for optimizer 'adam'; valid keys: lr, beta1, beta2, eps, weight_decay, amsgrad, maximize",
            Assert.Throws<InputException>(() => Sweep.Run(HandObjective.Valley(2), [1.0, 1.0], [SweepAxis.Parse("momentum", "0,0.9")],
                Methods.Parse("adam"), RunOptions.Default)).Message);

    private sealed class FailingObserver : IRunObserver
    {
        public void OnIteration(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm) =>
            throw new InvalidOperationException("no run may start");
    }
}
