using Downhill.Analysis;
using Downhill.Stopping;

namespace Downhill.Tests.Analysis;

public class RunDiagnosticsTests
{
    private static IReadOnlyList<Downhill.Running.Diagnostic> Diagnose(HandObjective f, double[] start, double lr, int iterations, double gradientTolerance = 1e-8) =>
        RunDiagnostics.Diagnose(PlainGradientDescent.Run(f, start, lr, iterations, gradientTolerance), f);

    [Fact]
    public void TanhFromFourHasAVanishingGradient()
    {
        var d = Assert.Single(Diagnose(HandObjective.Tanh, [4.0], lr: 0.1, iterations: 500));
        Assert.Equal("vanishing-gradient", d.Kind);
        Assert.Equal(500, d.Iteration);
        Assert.StartsWith("‖∇f‖ = 0.00155 at the end with curvature at most 0.00309", d.Evidence);
    }

    [Fact]
    public void EasomFarFromItsWellHasAVanishingGradient()
    {
        var d = Assert.Single(Diagnose(HandObjective.Easom, [0.5, 0.5], lr: 0.5, iterations: 300));
        Assert.Equal("vanishing-gradient", d.Kind);
    }

    [Fact]
    public void EasomNearItsWellCrossesAPlateau()
    {
        // From (1.6, 1.6) gradient descent creeps for ~300 iterations with ‖∇f‖ ≈ 4e-4, then drops into the well at (π, π).
        var run = PlainGradientDescent.Run(HandObjective.Easom, [1.6, 1.6], 0.5, 2000);
        Assert.Equal(-1.0, run.F, 10);
        var d = Assert.Single(RunDiagnostics.Diagnose(run, HandObjective.Easom));
        Assert.Equal("plateau", d.Kind);
        Assert.Equal(0, d.Iteration);
        Assert.StartsWith("‖∇f‖ stayed below 0.00931 (under 1% of its largest value 0.955) from iteration 0 to 268", d.Evidence);
        Assert.EndsWith("f later fell to -1", d.Evidence);
    }

    [Fact]
    public void GradientDescentInAnIllConditionedValleyZigzags()
    {
        // ½(x² + 50y²) with lr = 0.039: y flips sign each step (factor 1 − 50·0.039 = −0.95) while x crawls (0.961).
        var d = Assert.Single(Diagnose(HandObjective.Valley(50), [1.0, 1.0], lr: 0.039, iterations: 200));
        Assert.Equal("zigzag", d.Kind);
        Assert.Equal(0, d.Iteration);
        Assert.EndsWith("the Hessian's condition number at the end is 50: the run bounces across a narrow valley", d.Evidence);
    }

    [Fact]
    public void TooLargeALearningRateDivergesAndTheLargestStableOneIsNamed()
    {
        // λmax = 50, so gradient descent is stable only below lr = 2/50 = 0.04.
        var d = Assert.Single(Diagnose(HandObjective.Valley(50), [1.0, 1.0], lr: 0.05, iterations: 1000));
        Assert.Equal("diverging", d.Kind);
        Assert.Contains("stable only for lr < 2/λmax = 0.04 (lr 0.05 is above it; try lr ≤ 0.02)", d.Evidence);
    }

    [Fact]
    public void ARunThatStopsBesideASaddleIsToldSo()
    {
        var d = Assert.Single(Diagnose(HandObjective.SaddleXY, [1.0, 1e-12], lr: 0.1, iterations: 1000, gradientTolerance: 1e-6));
        Assert.Equal("saddle", d.Kind);
        Assert.Contains("the Hessian has 1 negative eigenvalue (smallest -2)", d.Evidence);
    }

    [Fact]
    public void ACleanRunToAMinimumHasNoDiagnostics()
    {
        Assert.Empty(Diagnose(HandObjective.Himmelblau, [1.0, 1.0], lr: 0.01, iterations: 2000));
    }

    [Fact]
    public void ARunDownAnUnboundedSlopeIsNotCalledDiverging()
    {
        var run = PlainGradientDescent.Run(HandObjective.SaddleXY, [1.0, 0.5], 0.1, 1000);
        Assert.Equal(Downhill.Stopping.StopReason.Diverged, run.Stop);
        Assert.DoesNotContain(RunDiagnostics.Diagnose(run, HandObjective.SaddleXY), d => d.Kind == "diverging");
    }

    [Fact]
    public void CurvatureDiagnosesAreMadeUpToTheirLimitAndSkippedPastIt()
    {
        // A bowl in n − 1 variables less y² in the last: from y = 0 gd runs straight into the saddle at the origin.
        static HandObjective Saddle(int n) => new($"saddle{n}", n,
            p => p.Take(n - 1).Sum(v => v * v) - p[^1] * p[^1],
            p => p.Select((v, i) => i < n - 1 ? 2 * v : -2 * v).ToArray(),
            _ => Enumerable.Range(0, n * n).Select(k => k / n != k % n ? 0 : k / n < n - 1 ? 2.0 : -2.0).ToArray());
        double[] Start(int n) => [.. Enumerable.Repeat(1.0, n - 1), 0];

        int limit = Downhill.Analysis.Diagnoses.EndPoint.MaxDimension;
        Assert.Equal("saddle", Assert.Single(Diagnose(Saddle(limit), Start(limit), lr: 0.1, iterations: 1000, gradientTolerance: 1e-6)).Kind);
        // One variable more: no Hessian of n² numbers is formed, so no curvature diagnosis (at 10,000 variables it took hours).
        Assert.Empty(Diagnose(Saddle(limit + 1), Start(limit + 1), lr: 0.1, iterations: 1000, gradientTolerance: 1e-6));
    }
}
