using Downhill.Constraints;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.Tests.Running;

namespace Downhill.Tests.Optimizers;

/// <summary>
/// First-order optimizers and gd with a line search inside a box: each step projected onto it, every iterate inside,
/// the answer of a quadratic whose minimizer lies outside the box its projection onto a face, an edge or a corner,
/// convergence measured on the projected gradient, and newton/bfgs refused with a pointer to lbfgsb.
/// </summary>
public class ProjectedStepTests
{
    private static readonly Bounds UnitBox = new([-1, -1, -1], [1, 1, 1]);

    public static TheoryData<string, string> Methods()
    {
        var data = new TheoryData<string, string>();
        foreach (string spec in new[] { "sgd:lr=0.004,momentum=0.5", "gd:line_search=armijo", "gd:line_search=strong_wolfe", "gd:line_search=more_thuente" })
            foreach (object[] row in SeparableQuadratic.OutsideTheUnitBox())
                data.Add(spec, (string)row[0]);
        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void AQuadraticWhoseMinimizerLiesOutsideTheBoxEndsAtItsProjection(string spec, string where)
    {
        var (centre, answer) = Case(where);
        var result = Minimizer.Run(new SeparableQuadratic([1, 10, 100], centre), [0.1, -0.2, 0.3], Downhill.Optimizers.Methods.Parse(spec),
            RunOptions.Default with
            {
                Bounds = UnitBox,
                Stopping = StoppingRules.Default.With(new GradientTolerance(1e-10, GradientNormKind.Max)).With(new MaxIterations(20000)),
            });

        Assert.Equal(StopReason.GradTol, result.Stop);
        for (int i = 0; i < 3; i++) Assert.Equal(answer[i], result.X[i], 1e-9);
        Assert.All(result.Trace, entry => Assert.True(UnitBox.Contains(entry.X.ToArray()), $"{spec}: ({string.Join(", ", entry.X)}) left the box"));
        Assert.Equal(centre.Count(c => Math.Abs(c) > 1), result.ActiveBounds.Count);
        Assert.All(result.ActiveBounds, bound => Assert.Equal(answer[bound.Index], bound.Limit));
        // The full gradient is far from zero on the active bounds: only the projected one vanished.
        Assert.True(result.GradientNorm <= 1e-10 * Math.Sqrt(3), $"projected gradient {result.GradientNorm}");
    }

    [Fact]
    public void AdamRestsExactlyOnTheBoundsItPressesAgainst()
    {
        var (centre, answer) = Case("edge");
        var result = Minimizer.Run(new SeparableQuadratic([1, 10, 100], centre), [0.1, -0.2, 0.3], Downhill.Optimizers.Methods.Parse("adam:lr=0.01"),
            RunOptions.Default with { Bounds = UnitBox, Stopping = new StoppingRules([new MaxIterations(3000)]) });

        Assert.Equal(-1, result.X[0]);
        Assert.Equal(1, result.X[1]);
        Assert.Equal(answer[2], result.X[2], 1e-2);
        Assert.Equal([new ActiveBound(0, BoundSide.Lower, -1), new ActiveBound(1, BoundSide.Upper, 1)], result.ActiveBounds);
        Assert.Matches(@"^\d+ step\(s\) left the box and were projected back onto it$", Assert.Single(result.Notes));
    }

    [Fact]
    public void AStepIsTheOptimizersStepThenTheProjection()
    {
        // One sgd step from (0.5, 0.3) on Rosenbrock: x − lr·∇f = (0.5 + 0.001·11, 0.3 − 0.001·10) = (0.511, 0.29),
        // then clipped into [−1, 0.505] × [0.295, 2].
        var bounds = new Bounds([-1, 0.295], [0.505, 2]);
        var result = Minimizer.Run(new Rosenbrock2(), [0.5, 0.3], Downhill.Optimizers.Methods.Parse("sgd:lr=0.001"),
            RunOptions.Default with { Bounds = bounds, Stopping = new StoppingRules([new MaxIterations(1)]) });
        Assert.Equal([0.505, 0.295], result.Trace[1].X);
        Assert.Equal(["1 step(s) left the box and were projected back onto it"], result.Notes);
    }

    [Theory]
    [InlineData("newton")]
    [InlineData("bfgs")]
    [InlineData("lbfgs")]
    public void SecondOrderMethodsWithBoundsAreRefusedWithAPointerToLbfgsb(string spec)
    {
        var error = Assert.Throws<InputException>(() => Minimizer.Run(new Rosenbrock2(), [0.5, 0.5], Downhill.Optimizers.Methods.Parse(spec),
            RunOptions.Default with { Bounds = new Bounds([0, 0], [2, 2]) }));
        Assert.Equal($"{spec} cannot keep to bounds: lbfgsb is the quasi-Newton method for a box, and the first-order optimizers project their steps onto it", error.Message);
    }

    [Fact]
    public void ALineSearchWithClippingIsRefused()
    {
        var gd = (FirstOrderMethod)Downhill.Optimizers.Methods.Parse("gd:line_search=armijo");
        var error = Assert.Throws<InputException>(() => gd.WithClipping(GradientClipping.ByNorm(1)));
        Assert.Equal("gd:line_search picks its own step, so its gradient is not clipped; clipping applies to steps at the learning rate", error.Message);
    }

    private static (double[] Centre, double[] Answer) Case(string where)
    {
        object[] row = SeparableQuadratic.OutsideTheUnitBox().Single(r => (string)r[0] == where);
        return ((double[])row[1], (double[])row[2]);
    }
}
