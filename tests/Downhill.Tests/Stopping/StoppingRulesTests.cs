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
}
