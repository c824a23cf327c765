using Downhill.Analysis;
using Downhill.Analysis.Landscapes;
using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Analysis;

/// <summary>
/// Restarts, basins and critical points inside a box: a function unbounded below outside its box has its minimum in
/// the box found, and no out-of-box point is ever reported as a minimum.
/// </summary>
public class BoxLandscapeTests
{
    /// <summary>Unbounded below as y → −∞ (f ≈ −10¹⁵⁶ at y = −352); over [0.5, 5]² its minimum rests on x = 0.5.</summary>
    private static readonly IObjective Runaway = FunctionResolver.Resolve("x*exp(-y) + y^2/100", 2).Objective;

    private static readonly IReadOnlyList<(double Low, double High)> Square = [(0.5, 5), (0.5, 5)];

    private static readonly RunOptions Run = new() { Stopping = StoppingRules.Default.With(new MaxIterations(3000)) };

    /// <summary>On x = 0.5: ∂f/∂y = −½e^(−y) + y/50 = 0, so y·e^y = 25, y = W(25).</summary>
    private static double LambertW25()
    {
        double y = 2;
        for (int i = 0; i < 50; i++) y -= (y * Math.Exp(y) - 25) / ((y + 1) * Math.Exp(y));
        return y;
    }

    private static RestartReport Restarts(string method, bool constrain) =>
        RandomRestarts.Run(Runaway, Methods.Parse(method), new RestartOptions
        {
            Starts = 12, Seed = 3, Init = StartingPoint.Parse("uniform"), Bounds = Square, Constrain = constrain, Run = Run,
        });

    [Fact]
    public void KeptToTheBoxRestartsFindTheMinimumOnItsBoundary()
    {
        var report = Restarts("adam:lr=0.1", constrain: true);
        Assert.True(report.Constrained);
        var minimum = Assert.Single(report.Minima);
        Assert.Equal(12, minimum.Count);
        Assert.Equal(0.5, minimum.X[0]);
        Assert.Equal(LambertW25(), minimum.X[1], 1e-6);
        Assert.Equal(0, report.Failed);
        Assert.True(report.Box!.Contains(report.Best!.X.ToArray()));
    }

    [Theory]
    [InlineData("adam:lr=0.1", false)]
    [InlineData("newton", true)]
    public void FreeRunsThatFallWithoutBoundAreUnboundedBelowNeverMinima(string method, bool constrain)
    {
        var report = Restarts(method, constrain);
        Assert.False(report.Constrained);
        Assert.Empty(report.Minima);
        Assert.Equal(12, report.Unbounded);
        Assert.All(report.Labels, label => Assert.Equal(RestartReport.UnboundedLabel, label));
        Assert.Null(report.Best);
    }

    [Fact]
    public void FreeRunsThatConvergeOutsideTheBoxLeftIt()
    {
        var bowl = FunctionResolver.Resolve("(x - 3)^2 + (y - 3)^2", 2).Objective;
        var options = new RestartOptions { Starts = 6, Seed = 1, Init = StartingPoint.Parse("uniform"), Bounds = [(0, 1), (0, 1)], Run = Run };

        var free = RandomRestarts.Run(bowl, Methods.Parse("gd:lr=0.1"), options with { Constrain = false });
        Assert.False(free.Constrained);
        Assert.Empty(free.Minima);
        Assert.Equal(6, free.LeftBox);
        Assert.All(free.Runs, r => Assert.Equal(StopReason.GradTol, r.Stop));
        Assert.Null(free.Best);

        var kept = RandomRestarts.Run(bowl, Methods.Parse("gd:lr=0.1"), options);
        Assert.True(kept.Constrained);
        var corner = Assert.Single(kept.Minima);
        Assert.Equal([1.0, 1.0], corner.X);
        Assert.Equal(6, corner.Count);
    }

    [Fact]
    public void BasinsKeptToTheBoxAllReachItsMinimum()
    {
        var run = Run with { Stopping = StoppingRules.Default.With(new MaxIterations(3000)) };
        var kept = BasinMap.Compute(Runaway, Methods.Parse("adam:lr=0.1"), Box.Cube(2, 0.5, 5), 4, run);
        Assert.True(kept.Constrained);
        Assert.Equal(0.5, Assert.Single(kept.Minima).X[0]);
        Assert.Equal(0, kept.Failed);

        var free = BasinMap.Compute(Runaway, Methods.Parse("adam:lr=0.1"), Box.Cube(2, 0.5, 5), 4, run, constrain: false);
        Assert.False(free.Constrained);
        Assert.Empty(free.Minima);
        Assert.All(free.Labels.SelectMany(row => row), label => Assert.Equal(RestartReport.UnboundedLabel, label));
    }

    [Fact]
    public void CriticalListsTheBoxMinimaOnTheBoundarySeparately()
    {
        // x³ − 3x + y² on [−2, 2] × [−1, 1]: a minimum at (1, 0) and a saddle at (−1, 0) inside; on the face x = −2,
        // ∂f/∂x = 9 > 0 holds f back, so (−2, 0) is a minimum of the box (f = −2, as low as the inside one).
        var f = FunctionResolver.Resolve("x^3 - 3*x + y^2", 2).Objective;
        var report = CriticalPoints.Find(f, new Box([-2, -1], [2, 1]), new CriticalPointOptions { Starts = 200, Seed = 5, BoxMinima = true });

        Assert.Equal(2, report.Points.Count);
        Assert.Equal([1.0, 0.0], report.LowestMinimum!.X.Select(v => Math.Round(v, 9) + 0.0));
        var onTheBoundary = Assert.Single(report.BoxMinima);
        Assert.Equal(-2, onTheBoundary.X[0]);
        Assert.Equal(0, onTheBoundary.X[1], 1e-9);
        Assert.Equal(-2, onTheBoundary.F, 1e-12);
        Assert.Equal([new ActiveBound(0, BoundSide.Lower, -2)], onTheBoundary.ActiveBounds);
        Assert.True(onTheBoundary.ProjectedGradientNorm <= BoxMinima.ProjectedGradientTolerance);
        Assert.Equal(9, onTheBoundary.GradientNorm, 1e-6);
        Assert.Equal([2.0], onTheBoundary.FreeCurvature!.Eigenvalues.Select(v => Math.Round(v, 9)));

        var without = CriticalPoints.Find(f, new Box([-2, -1], [2, 1]), new CriticalPointOptions { Starts = 200, Seed = 5 });
        Assert.Empty(without.BoxMinima);
    }

    [Fact]
    public void TheDiagnosisSaysWhenTheBoxStoppedTheDescent()
    {
        var result = Minimizer.Run(Runaway, [3, 3], new Lbfgsb(), Run with { Bounds = new Bounds([0.5, 0.5], [5, 5]) });
        var d = Assert.Single(RunDiagnostics.Diagnose(result, Runaway));
        Assert.Equal("box", d.Kind);
        Assert.StartsWith("the run ended on the box, at x = 0.5 (lower): ‖∇f‖ = 0.0944 there but the projected gradient is ", d.Evidence);
        Assert.EndsWith("so the box, not the function, stopped the descent (f would fall further outside it)", d.Evidence);

        var bowl = FunctionResolver.Resolve("(x - 1)^2 + (y - 2)^2", 2).Objective;
        var inside = Minimizer.Run(bowl, [3, 3], new Lbfgsb(), Run with { Bounds = new Bounds([0.5, 0.5], [5, 5]) });
        Assert.Empty(inside.ActiveBounds);
        Assert.DoesNotContain(RunDiagnostics.Diagnose(inside, bowl), x => x.Kind == "box");
    }
}
