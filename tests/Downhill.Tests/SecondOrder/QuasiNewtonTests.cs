using Downhill.Analysis;
using Downhill.LineSearches;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;
using Downhill.Tests.Running;

namespace Downhill.Tests.SecondOrder;

public class QuasiNewtonTests
{
    [Fact]
    public void LbfgsDefaultsAreHistory10StrongWolfeAndLr1()
    {
        var method = (Lbfgs)Lbfgs.Declared.Create(Spec.Parse("lbfgs"));
        Assert.Equal("lbfgs:lr=1,history_size=10,line_search=strong_wolfe", method.ToString());
        Assert.IsType<StrongWolfe>(method.LineSearch);
    }

    [Fact]
    public void BfgsDefaultsToSciPysLineSearch() =>
        Assert.Equal("bfgs:line_search=more_thuente", Bfgs.Declared.Create(Spec.Parse("bfgs")).ToString());

    [Theory]
    [InlineData("lbfgs:history_size=0", "lbfgs:history_size must be in [1, 1000], not 0")]
    [InlineData("lbfgs:lr=-1", "lbfgs:lr must be a finite number > 0, not -1")]
    [InlineData("lbfgs:memory=5", "unknown key 'memory' for optimizer 'lbfgs'; valid keys: lr, history_size, line_search")]
    [InlineData("lbfgs:history_size=2.5", "lbfgs:history_size must be a whole number, not '2.5'")]
    public void BadLbfgsSettingsAreBadInput(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<InputException>(() => Lbfgs.Declared.Create(Spec.Parse(spec))).Message);

    [Fact]
    public void LbfgsSolvesChainedRosenbrock()
    {
        var start = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        var options = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.With(new GradientTolerance(1e-6, GradientNormKind.Max)),
        };
        var result = ExactMinimum.Measure(Minimizer.Run(new ChainedRosenbrock(20), start, new Lbfgs(), options), new ChainedRosenbrock(20));
        Assert.Equal(StopReason.GradTol, result.Stop);
        Assert.All(result.X, xi => Assert.Equal(1.0, xi, 1e-6));
        Assert.NotNull(result.ToMinimum);
        Assert.True(result.ToMinimum.Distance < 1e-6);
    }

    [Fact]
    public void AStalledLineSearchEndsTheRunOnAZeroStep()
    {
        // Asked for more than torch's absolute thresholds allow, L-BFGS stops moving; the default x-tol 0 ends the run.
        var start = Enumerable.Range(0, 20).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        var options = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.With(new GradientTolerance(1e-12, GradientNormKind.Max)),
        };
        var result = Minimizer.Run(new ChainedRosenbrock(20), start, new Lbfgs(), options);
        Assert.Equal(StopReason.XTol, result.Stop);
        Assert.True(result.Iterations < 1000);
        Assert.Equal("step length = 0 ≤ 0", result.StopDetail);
    }

    [Fact]
    public void BfgsWithAnyLineSearchSolvesRosenbrock()
    {
        foreach (var name in new[] { "armijo", "strong_wolfe", "more_thuente" })
        {
            var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], Bfgs.Declared.Create(Spec.Parse($"bfgs:line_search={name}")),
                RunOptions.Default);
            Assert.Equal(StopReason.GradTol, result.Stop);
            Assert.Equal(1.0, result.X[0], 1e-8);
        }
    }
}
