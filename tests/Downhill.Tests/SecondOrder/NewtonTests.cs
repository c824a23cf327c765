using Downhill.LineSearches;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;
using Downhill.Tests.Running;

namespace Downhill.Tests.SecondOrder;

public class NewtonTests
{
    [Fact]
    public void OneFullStepSolvesAQuadratic()
    {
        var result = Minimizer.Run(new DiagonalQuadratic(1, 10, 100), [1, -2, 3], new Newton(), RunOptions.Default);
        Assert.Equal((StopReason.GradTol, 1L), (result.Stop, result.Iterations));
        Assert.All(result.X, xi => Assert.Equal(0.0, xi, 1e-15));
        // The start's evaluation, one more for its Hessian, one at the new point (with its Hessian for the next step).
        Assert.Equal(new EvaluationCounts(3, 3, 2), result.Evaluations);
    }

    [Fact]
    public void DampingScalesTheStep()
    {
        var result = Minimizer.Run(new DiagonalQuadratic(1, 10), [1, 1], new Newton(damping: 0.5),
            RunOptions.Default with { Stopping = StoppingRules.Default.With(new MaxIterations(3)) });
        Assert.Equal(0.125, result.X[0], 1e-15);
        Assert.Equal(0.125, result.X[1], 1e-15);
        Assert.Equal(0.5, result.Trace[^1].LearningRate);
    }

    [Fact]
    public void AtASaddleItSaysSoAndStillGoesDownhill()
    {
        // f = ½(x² − y²) + ¼y⁴ has a saddle at 0 and minima at y = ±1; from (1, 0.1) the Hessian diag(1, −0.97) is indefinite.
        var objective = new SaddleWithMinima();
        var result = Minimizer.Run(objective, [1, 0.1], new Newton(), RunOptions.Default);
        Assert.Equal(StopReason.GradTol, result.Stop);
        Assert.Equal(0.0, result.X[0], 1e-12);
        Assert.Equal(1.0, result.X[1], 1e-12);
        var note = Assert.Single(result.Notes);
        Assert.StartsWith("the Hessian was not positive definite at ", note);
        Assert.Contains("first at iteration 1", note);
        Assert.Contains("modified Cholesky", note);
    }

    [Fact]
    public void WithALineSearchFromASaddleRegionItStillConverges()
    {
        var method = (Newton)Newton.Declared.Create(Spec.Parse("newton:line_search=armijo"));
        Assert.IsType<BacktrackingArmijo>(method.LineSearch);
        var result = Minimizer.Run(new SaddleWithMinima(), [1, 0.1], method, RunOptions.Default);
        Assert.Equal(StopReason.GradTol, result.Stop);
        Assert.Equal(1.0, Math.Abs(result.X[1]), 1e-10);
    }

    [Fact]
    public void HyperparametersShowEverySettingInEffect() =>
        Assert.Equal("newton:damping=1,line_search=none", new Newton().ToString());

    [Theory]
    [InlineData("newton:damping=0", "newton:damping must be in (0, 1], not 0")]
    [InlineData("newton:damping=1.5", "newton:damping must be in (0, 1], not 1.5")]
    [InlineData("newton:line_search=exact", "newton:line_search must be one of armijo, strong_wolfe, more_thuente, none, not 'exact'")]
    [InlineData("newton:step=1", "unknown key 'step' for optimizer 'newton'; valid keys: damping, line_search")]
    public void BadSettingsAreBadInput(string spec, string message) =>
        Assert.Equal(message, Assert.Throws<InputException>(() => Newton.Declared.Create(Spec.Parse(spec))).Message);

    /// <summary>f = ½(x² − y²) + ¼y⁴.</summary>
    private sealed class SaddleWithMinima : Downhill.Functions.IObjective
    {
        public int Dimension => 2;
        public IReadOnlyList<string> Variables { get; } = ["x", "y"];
        public double Value(ReadOnlySpan<double> p) => 0.5 * (p[0] * p[0] - p[1] * p[1]) + 0.25 * Math.Pow(p[1], 4);

        public double ValueAndGradient(ReadOnlySpan<double> p, Span<double> g)
        {
            g[0] = p[0];
            g[1] = -p[1] + p[1] * p[1] * p[1];
            return Value(p);
        }

        public double ValueGradientHessian(ReadOnlySpan<double> p, Span<double> g, Span<double> h)
        {
            h[0] = 1;
            h[1] = h[2] = 0;
            h[3] = -1 + 3 * p[1] * p[1];
            return ValueAndGradient(p, g);
        }
    }
}
