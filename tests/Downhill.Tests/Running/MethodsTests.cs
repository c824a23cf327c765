using Downhill.LineSearches;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Running;

public class MethodsTests
{
    [Fact]
    public void EveryNameParsesAndShowsItsHyperparameters()
    {
        foreach (var name in Methods.Names)
        {
            var method = Methods.Parse(name);
            Assert.Equal(name, method.Name);
            Assert.NotEmpty(method.Hyperparameters);
        }
        Assert.Contains("adam", Methods.Names);
        Assert.Equal(["newton", "bfgs", "lbfgs", "lbfgsb"], Methods.Names.TakeLast(4));
    }

    [Fact]
    public void UnknownNamesListTheValidOnesNearestFirst()
    {
        var e = Assert.Throws<InputException>(() => Methods.Parse("adamm:lr=0.1"));
        Assert.StartsWith("unknown optimizer 'adamm'; valid: adam, adamw, ", e.Message);
        foreach (var name in Methods.Names) Assert.Contains(name, e.Message);
        Assert.StartsWith("unknown optimizer 'lbgfs'; valid: lbfgs, ", Assert.Throws<InputException>(() => Methods.Parse("lbgfs")).Message);
    }

    [Fact]
    public void UnknownKeysAndOutOfRangeValuesComeFromTheOptimizer()
    {
        Assert.Contains("unknown key 'beta' for optimizer 'adam'", Assert.Throws<InputException>(() => Methods.Parse("adam:beta=0.9")).Message);
        Assert.Contains("unknown key 'line_search' for optimizer 'momentum'",
            Assert.Throws<InputException>(() => Methods.Parse("momentum:line_search=armijo")).Message);
        Assert.Contains("lr", Assert.Throws<InputException>(() => Methods.Parse("sgd:lr=-1")).Message);
    }

    [Fact]
    public void GradientDescentStepsMatchTheTextbookUpdate()
    {
        var options = RunOptions.Default with { Stopping = StoppingRules.Default.With(new MaxIterations(50)) };
        var viaRegistry = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], Methods.Parse("gd:lr=0.001"), options);
        var byHand = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new PlainGradientDescent(0.001), options);
        // Equal to rounding: torch's update may fuse the multiply-add.
        Assert.Equal(byHand.X[0], viaRegistry.X[0], 1e-14);
        Assert.Equal(byHand.X[1], viaRegistry.X[1], 1e-14);
        Assert.Equal(byHand.Evaluations, viaRegistry.Evaluations);
        Assert.Equal(0.001, viaRegistry.Trace[^1].LearningRate);
    }

    [Theory]
    [InlineData("armijo", typeof(BacktrackingArmijo))]
    [InlineData("strong_wolfe", typeof(StrongWolfe))]
    [InlineData("more_thuente", typeof(MoreThuente))]
    public void GradientDescentWithALineSearchDecreasesFEveryStep(string search, Type type)
    {
        var method = Assert.IsType<FirstOrderMethod>(Methods.Parse($"gd:lr=1,line_search={search}"));
        Assert.IsType(type, method.LineSearch);
        Assert.Contains(method.Hyperparameters, h => h.ToString() == $"line_search={search}");
        var options = RunOptions.Default with { Stopping = StoppingRules.Default.With(new MaxIterations(200)) };
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], method, options);
        var values = result.Trace.Select(t => t.F).ToArray();
        for (int k = 1; k < values.Length; k++) Assert.True(values[k] < values[k - 1], $"f rose at entry {k}");
        Assert.All(result.Trace.Skip(1), t => Assert.True(t.LearningRate is > 0 and <= 1));
        Assert.True(result.F < 1);
    }

    [Fact]
    public void LineSearchCannotClimb() =>
        Assert.Contains("maximize", Assert.Throws<InputException>(() => Methods.Parse("sgd:maximize=true,line_search=armijo")).Message);

    [Fact]
    public void AdamConvergesOnRosenbrockFromTheClassicStart()
    {
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], Methods.Parse("adam:lr=0.01"),
            RunOptions.Default with { Stopping = StoppingRules.Default.With(new MaxIterations(20000)).With(new GradientTolerance(1e-6)) });
        Assert.Equal(StopReason.GradTol, result.Stop);
        Assert.Equal(1.0, result.X[0], 1e-5);
    }
}
