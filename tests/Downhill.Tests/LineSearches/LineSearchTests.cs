using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.LineSearches;
using Downhill.Running;
using Downhill.Tests.Running;

namespace Downhill.Tests.LineSearches;

public class LineSearchTests
{
    private sealed record Outcome(LineSearchResult Result, double[] X, double F, double[] Gradient, double F0, double Slope0,
        double SlopeAtStep, long Evaluations);

    /// <summary>Searches along −∇f from <paramref name="start"/> (or along <paramref name="direction"/>).</summary>
    private static Outcome Search(LineSearch search, Downhill.Functions.IObjective objective, double[] start, double initialStep,
        double[]? direction = null)
    {
        var counting = new CountingObjective(objective);
        var x = (double[])start.Clone();
        var gradient = new double[x.Length];
        double f0 = counting.ValueAndGradient(x, gradient);
        var d = direction ?? gradient.Select(g => -g).ToArray();
        double slope = gradient.Zip(d, (g, di) => g * di).Sum();
        double f = f0;
        var result = search.Start(x.Length).Search(x, ref f, gradient, d, slope, initialStep, counting);
        double slopeAtStep = gradient.Zip(d, (g, di) => g * di).Sum();
        return new Outcome(result, x, f, gradient, f0, slope, slopeAtStep, counting.FunctionEvaluations - 1);
    }

    [Fact]
    public void ArmijoHalvesUntilSufficientDecrease()
    {
        // f = ½x², from x = 1 along −1: f(1 − t) ≤ ½ − 10⁻⁴t first at t = 2⁻² … trials 4, 2, 1: f(−3) = 4.5, f(−1) = ½ > ½ − 2e-4, f(0) = 0.
        var outcome = Search(new BacktrackingArmijo(), new DiagonalQuadratic(1), [1], 4);
        Assert.Equal(new LineSearchResult(1, 3, true), outcome.Result);
        Assert.Equal([0.0], outcome.X);
        Assert.Equal(0, outcome.F);
        Assert.Equal(3, outcome.Evaluations);
    }

    [Fact]
    public void ArmijoAlongAnUphillDirectionLeavesXWhereItWas()
    {
        var outcome = Search(new BacktrackingArmijo(maxSteps: 10), new DiagonalQuadratic(1), [1], 1, direction: [1]);
        Assert.Equal(0, outcome.Result.Step);
        Assert.False(outcome.Result.Satisfied);
        Assert.Equal([1.0], outcome.X);
        Assert.Equal(0.5, outcome.F);
        Assert.Equal([1.0], outcome.Gradient);
    }

    public static TheoryData<string> WolfeSearches() => new() { "strong_wolfe", "more_thuente" };

    [Theory]
    [MemberData(nameof(WolfeSearches))]
    public void WolfeSearchesMeetBothConditionsOnRosenbrock(string name)
    {
        var search = LineSearch.FromName(name)!;
        foreach (double initial in new[] { 1e-4, 1e-3, 1.0, 10.0 })
        {
            var o = Search(search, new Rosenbrock2(), [-1.2, 1], initial);
            Assert.True(o.Result.Satisfied, $"{name} from t = {initial}");
            Assert.True(o.F <= o.F0 + 1e-4 * o.Result.Step * o.Slope0);
            Assert.True(Math.Abs(o.SlopeAtStep) <= 0.9 * Math.Abs(o.Slope0));
            Assert.Equal(new Rosenbrock2().Value(o.X), o.F);
        }
    }

    [Theory]
    [MemberData(nameof(WolfeSearches))]
    public void WolfeSearchesAcceptAGoodFirstStep(string name)
    {
        // On a quadratic along the Newton direction t = 1 is exact: one evaluation.
        var o = Search(LineSearch.FromName(name)!, new DiagonalQuadratic(2, 8), [1, 1], 1, direction: [-1, -1]);
        Assert.Equal(new LineSearchResult(1, 1, true), o.Result);
        Assert.Equal([0.0, 0.0], o.X);
    }

    [Fact]
    public void CubicMinimizerIsExactForACubic()
    {
        // φ(t) = t³ − 3t: minimizer 1; through (0, 0, −3) and (2, 2, 9).
        Assert.Equal(1.0, StrongWolfe.CubicMinimizer(0, 0, -3, 2, 2, 9, 0, 2), 1e-15);
        // Clamped to the bounds; the middle of them when the cubic has no minimizer (slopes 1 at both ends, rise 2/3).
        Assert.Equal(0.5, StrongWolfe.CubicMinimizer(0, 0, -3, 2, 2, 9, 0, 0.5), 1e-15);
        Assert.Equal(1.5, StrongWolfe.CubicMinimizer(0, 0, 1, 1, 2.0 / 3, 1, 1, 2), 1e-15);
    }

    [Fact]
    public void UnknownLineSearchIsBadInput() =>
        Assert.Equal("gd:line_search must be one of armijo, strong_wolfe, more_thuente, none, not 'exact'",
            Assert.Throws<InputException>(() => Methods.Parse("gd:line_search=exact")).Message);

    [Fact]
    public void WolfeConstantsOutOfOrderAreBadInput()
    {
        Assert.Throws<InputException>(() => new StrongWolfe(c1: 0.9, c2: 0.1));
        Assert.Throws<InputException>(() => new MoreThuente(c1: 0, c2: 0.5));
        Assert.Throws<InputException>(() => new BacktrackingArmijo(shrink: 1));
    }
}
