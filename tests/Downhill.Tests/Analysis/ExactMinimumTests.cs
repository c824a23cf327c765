using Downhill.Analysis;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.Tests.Running;

namespace Downhill.Tests.Analysis;

public class ExactMinimumTests
{
    private static RunOptions With(params StoppingRule[] rules) =>
        new() { Stopping = new StoppingRules(rules.Append(new Divergence()).Append(new Cancellation())) };

    [Fact]
    public void KnownMinimaGiveTheDistanceToTheNearest()
    {
        var run = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new Running.PlainGradientDescent(0.5), With(new MaxIterations(3)));
        var result = ExactMinimum.Measure(run, new DiagonalQuadratic(1, 1), [new KnownMinimum([10.0, 10.0], 5), new KnownMinimum([0.0, 0.0], 0)]);
        Assert.NotNull(result.ToMinimum);
        Assert.Equal([0.0, 0.0], result.ToMinimum.Minimizer);
        Assert.Equal(5.0 / 8, result.ToMinimum.Distance, 1e-15);
        Assert.Equal(12.5 / 64, result.ToMinimum.Gap, 1e-15);
    }

    [Fact]
    public void WithoutKnownMinimaNewtonPolishesTheEndPointToTheExactMinimizer()
    {
        var result = ExactMinimum.Measure(Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new Running.PlainGradientDescent(1e-3),
            With(new MaxIterations(20000), new GradientTolerance(1e-3))), new Rosenbrock2());
        Assert.Equal(StopReason.GradTol, result.Stop);
        var toMinimum = result.ToMinimum;
        Assert.NotNull(toMinimum);
        Assert.Equal(1.0, toMinimum.Minimizer[0], 1e-15);
        Assert.Equal(1.0, toMinimum.Minimizer[1], 1e-15);
        Assert.Equal(0.0, toMinimum.FAtMinimizer, 1e-28);
        double expected = Math.Sqrt(Math.Pow(result.X[0] - 1, 2) + Math.Pow(result.X[1] - 1, 2));
        Assert.Equal(expected, toMinimum.Distance, 1e-12);
        Assert.True(toMinimum.Distance > 1e-4);
        Assert.Equal(result.F, toMinimum.Gap, 1e-20);
    }

    [Fact]
    public void NoPolishAtASaddle()
    {
        // Gradient descent on ½(x² − y²) started on the x-axis converges to the saddle at 0: not a minimum.
        var run = Minimizer.Run(new DiagonalQuadratic(1, -1), [1, 0], new Running.PlainGradientDescent(0.5), RunOptions.Default);
        Assert.Equal(StopReason.GradTol, run.Stop);
        Assert.Null(ExactMinimum.Measure(run, new DiagonalQuadratic(1, -1)).ToMinimum);
    }
}
