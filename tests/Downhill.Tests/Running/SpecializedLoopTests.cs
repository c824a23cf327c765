using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Running;

/// <summary>
/// The run loop compiled for a first-order optimizer's own step (and keeping Adam's update once its bias corrections
/// are 1, past 36,000 steps) lands on the same bits as stepping the optimizer's state by hand.
/// </summary>
public class SpecializedLoopTests
{
    private const int Steps = 40_000;

    public static TheoryData<string> Optimizers => new(FirstOrderOptimizers.Names.Select(name => $"{name}:lr=1e-4"));

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void TheLoopEndsWhereStepsByHandEnd(string spec)
    {
        var rosenbrock = FunctionResolver.Resolve("rosenbrock", 2).Objective;
        var method = (FirstOrderMethod)Methods.Parse(spec);
        var options = RunOptions.Default with
        {
            Stopping = new StoppingRules([new MaxIterations(Steps), new Divergence()]),
            TraceEvery = Steps,
        };
        var result = Minimizer.Run(rosenbrock, [-1.2, 1.0], method, options);

        double[] x = [-1.2, 1.0], gradient = new double[2];
        var state = method.Optimizer.CreateState<double>(2);
        double f = rosenbrock.ValueAndGradient(x, gradient);
        for (int i = 0; i < Steps; i++)
        {
            state.Step(x, gradient, method.Optimizer.LearningRate);
            f = rosenbrock.ValueAndGradient(x, gradient);
        }
        Assert.Equal(Steps, result.Iterations);
        Assert.Equal(x, result.X);
        Assert.Equal(BitConverter.DoubleToInt64Bits(f), BitConverter.DoubleToInt64Bits(result.F));
    }

    [Fact]
    public void AProjectedRunEndsWhereProjectedStepsByHandEnd()
    {
        var rosenbrock = FunctionResolver.Resolve("rosenbrock", 2).Objective;
        var method = (FirstOrderMethod)Methods.Parse("adam:lr=0.01");
        var box = new Bounds([-2, -2], [0.5, 2]);
        var options = RunOptions.Default with
        {
            Stopping = new StoppingRules([new MaxIterations(Steps)]),
            TraceEvery = Steps,
            Bounds = box,
        };
        var result = Minimizer.Run(rosenbrock, [-1.2, 1.0], method, options);

        double[] x = [-1.2, 1.0], gradient = new double[2];
        var state = method.Optimizer.CreateState<double>(2);
        rosenbrock.ValueAndGradient(x, gradient);
        int projected = 0;
        for (int i = 0; i < Steps; i++)
        {
            state.Step(x, gradient, 0.01);
            if (box.Project(x) > 0) projected++;
            rosenbrock.ValueAndGradient(x, gradient);
        }
        Assert.Equal(x, result.X);
        Assert.Equal(0.5, result.X[0]);
        Assert.Equal([$"{projected} step(s) left the box and were projected back onto it"], result.Notes);
    }
}
