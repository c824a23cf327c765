using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Stopping;

public class StoppingRulesTests
{
    private static RunProgress At(long iteration, double f = 1, double gradientNorm = 1) =>
        new(iteration, f, double.NaN, gradientNorm, gradientNorm, double.NaN, 0, 0, false, NonFinite.None);

    [Fact]
    public void DefaultsAreMaxIter10000AndGradTol1e8()
    {
        var rules = StoppingRules.Default;
        Assert.Equal(10_000, rules.Find<MaxIterations>()!.Limit);
        Assert.Equal(1e-8, rules.Find<GradientTolerance>()!.Tolerance);
        Assert.NotNull(rules.Find<Divergence>());
    }

    [Fact]
    public void AddingARuleOfTheSameKindReplacesIt()
    {
        var rules = StoppingRules.Default.With(new MaxIterations(5));
        Assert.Single(rules.OfType<MaxIterations>());
        Assert.Equal(5, rules.Find<MaxIterations>()!.Limit);
        Assert.Null(rules.Without<GradientTolerance>().Find<GradientTolerance>());
    }

    [Fact]
    public void ConvergenceWinsOverTheIterationCapAndDivergenceOverBoth()
    {
        var rules = StoppingRules.Default.With(new MaxIterations(3));
        Assert.Equal(StopReason.GradTol, rules.FirstMet(At(3, gradientNorm: 1e-9))!.Reason);
        Assert.Equal(StopReason.MaxIter, rules.FirstMet(At(3))!.Reason);
        Assert.Equal(StopReason.Diverged, rules.FirstMet(At(3, f: double.NaN, gradientNorm: 1e-9) with { NonFinite = NonFinite.F })!.Reason);
        Assert.Null(rules.FirstMet(At(2)));
    }

    [Fact]
    public void RulesThatCompareWithThePreviousIterateAreNotMetAtTheStart()
    {
        var progress = At(0);
        Assert.False(new FunctionTolerance(1).IsMet(progress));
        Assert.False(new StepTolerance(1).IsMet(progress));
    }

    [Fact]
    public void TheMaxNormGradientToleranceMeasuresTheLargestComponent()
    {
        var progress = At(1) with { GradientNorm = 5, GradientMaxNorm = 4 };
        Assert.Equal(4, new GradientTolerance(1e-8, GradientNormKind.Max).Measure(progress));
        Assert.Equal(5, new GradientTolerance(1e-8).Measure(progress));
    }

    [Fact]
    public void DivergenceNamesWhatWentWrong()
    {
        var rule = new Divergence(1e10);
        Assert.Equal("f = 2e+10 grew past 1e+10 at iteration 4", rule.Describe(At(4, f: 2e10)));
        Assert.Equal("∇f is not finite at iteration 2", rule.Describe(At(2) with { NonFinite = NonFinite.Gradient }));
        Assert.True(rule.IsMet(At(2) with { NonFinite = NonFinite.X }));
        Assert.False(rule.IsMet(At(2, f: 1e9)));
    }

    [Theory]
    [InlineData(-1L)]
    public void NegativeIterationCapIsBadInput(long limit) =>
        Assert.Equal("max-iter must be 0 or more, not -1", Assert.Throws<InputException>(() => new MaxIterations(limit)).Message);

    [Fact]
    public void OutOfRangeThresholdsAreBadInput()
    {
        Assert.Throws<InputException>(() => new GradientTolerance(-1));
        Assert.Throws<InputException>(() => new FunctionTolerance(double.NaN));
        Assert.Throws<InputException>(() => new StepTolerance(-1e-3));
        Assert.Throws<InputException>(() => new Patience(0));
        Assert.Throws<InputException>(() => new Patience(3, -1));
        Assert.Throws<InputException>(() => new TimeLimit(0));
        Assert.Throws<InputException>(() => new Target(double.NaN));
    }

    [Fact]
    public void ALoopAsksTheRulesWhatToMeasureInsteadOfLookingThemUp()
    {
        var rules = new StoppingRules([new MaxIterations(7), new Patience(3, 0.5), new TimeLimit(2), new Divergence()]);
        Assert.Equal((7L, 0.5, true, false), (rules.IterationLimit, rules.ProgressDelta, rules.NeedsElapsedTime, rules.NeedsGradient));
        var defaults = StoppingRules.Default;
        Assert.Equal((10_000L, 0.0, false, true), (defaults.IterationLimit, defaults.ProgressDelta, defaults.NeedsElapsedTime, defaults.NeedsGradient));
        Assert.Equal(long.MaxValue, new StoppingRules([new Divergence()]).IterationLimit);
    }

    [Fact]
    public void TheSameRulesSayWhyATrainingRunStoppedInItsOwnWords()
    {
        var epochs = new LoopTerms("epoch", "validation loss");
        var progress = At(4, f: 0.25) with { PreviousF = 0.25, IterationsWithoutProgress = 3, ElapsedSeconds = 12.5 };
        Assert.Equal("all 4 epochs done", new MaxIterations(4).Describe(progress, epochs));
        Assert.Equal("validation loss = 0.25 ≤ target 0.3", new Target(0.3).Describe(progress, epochs));
        Assert.Equal("best validation loss improved by no more than 0.01 in 3 epochs", new Patience(3, 0.01).Describe(progress, epochs));
        Assert.Equal("relative change of validation loss = 0 ≤ 1e-06", new FunctionTolerance(1e-6).Describe(progress, epochs));
        Assert.Equal("12.5 s passed the limit of 10 s", new TimeLimit(10).Describe(progress, epochs));
        Assert.Equal("cancelled at epoch 4", new Cancellation().Describe(progress, epochs));
        Assert.Equal("validation loss is NaN at epoch 4",
            new Divergence().Describe(progress with { F = double.NaN, NonFinite = NonFinite.F }, epochs));
        Assert.Equal("all 4 iterations done", new MaxIterations(4).Describe(progress));
        Assert.Equal("f = 0.25 ≤ target 0.3", new Target(0.3).Describe(progress));
    }

    [Fact]
    public void EveryRulesMeasurementStandsBesideItsThreshold()
    {
        var checks = StoppingRules.Default.With(new MaxIterations(3)).Check(At(3, gradientNorm: 0.5));
        Assert.Equal(["diverged", "grad-tol", "x-tol", "max-iter", "cancelled"], checks.Select(c => c.Rule));
        var maxIter = checks.Single(c => c.Rule == "max-iter");
        Assert.Equal((3.0, 3.0, true), (maxIter.Measured, maxIter.Threshold, maxIter.Met));
        var gradTol = checks.Single(c => c.Rule == "grad-tol");
        Assert.Equal((0.5, 1e-8, false), (gradTol.Measured, gradTol.Threshold, gradTol.Met));
    }
}
