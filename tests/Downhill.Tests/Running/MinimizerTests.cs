using Downhill.Analysis;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Running;

public class MinimizerTests
{
    private static RunOptions With(params StoppingRule[] rules) =>
        new() { Stopping = new StoppingRules(rules.Append(new Divergence()).Append(new Cancellation())) };

    [Fact]
    public void GradientDescentOnAQuadraticStopsAtTheGradientToleranceWithExactCounts()
    {
        // x_k = (1 − 0.5)^k x_0 for curvature 1 and lr 0.5: ‖∇f‖ = 2^{-k}·‖x0‖ ≤ 1e-8 first at k = 29 for ‖x0‖ = 5.
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new PlainGradientDescent(0.5),
            With(new MaxIterations(1000), new GradientTolerance(1e-8)));
        Assert.Equal(StopReason.GradTol, result.Stop);
        Assert.Equal(29, result.Iterations);
        Assert.Equal(5 * Math.Pow(2, -29), result.GradientNorm, 1e-20);
        Assert.Equal(new EvaluationCounts(30, 30, 0), result.Evaluations);
        Assert.Equal(30, result.Trace.Count);
        Assert.Equal([3.0, 4.0], result.Trace[0].X);
        Assert.Equal(0, result.Trace[0].Iteration);
        Assert.Equal(12.5, result.Trace[0].F);
        Assert.Equal(29, result.Trace[^1].Iteration);
        Assert.Equal(result.X, result.Trace[^1].X);
        Assert.Equal(0.5, result.Trace[^1].LearningRate);
        Assert.Equal(result.F, result.BestF);
        Assert.Contains("≤ 1e-08", result.StopDetail);
    }

    [Fact]
    public void ChecksListEveryRuleWithItsMeasuredValueAndThreshold()
    {
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new PlainGradientDescent(0.5),
            With(new MaxIterations(10), new GradientTolerance(1e-8), new FunctionTolerance(1e-30)));
        Assert.Equal(StopReason.MaxIter, result.Stop);
        Assert.Equal(["diverged", "grad-tol", "f-tol", "max-iter", "cancelled"], result.Checks.Select(c => c.Rule));
        Assert.Equal(["diverged", "grad-tol", "x-tol", "max-iter", "cancelled"],
            Minimizer.Run(new DiagonalQuadratic(1), [1], new PlainGradientDescent(0.5)).Checks.Select(c => c.Rule));
        var gradTol = result.Checks.Single(c => c.Rule == "grad-tol");
        Assert.Equal(5.0 / 1024, gradTol.Measured, 1e-15);
        Assert.Equal(1e-8, gradTol.Threshold);
        Assert.False(gradTol.Met);
        var fTol = result.Checks.Single(c => c.Rule == "f-tol");
        // f_k = 12.5·4^{-k}: relative change (f9 − f10)/max(f9, f10, 1) = 12.5·3·4^{-10}.
        Assert.Equal(12.5 * 3 / Math.Pow(4, 10), fTol.Measured, 1e-15);
        var maxIter = result.Checks.Single(c => c.Rule == "max-iter");
        Assert.Equal((10.0, 10.0, true), (maxIter.Measured, maxIter.Threshold, maxIter.Met));
    }

    [Fact]
    public void ConvergenceOnTheLastAllowedIterationReportsConvergence()
    {
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new PlainGradientDescent(0.5),
            With(new MaxIterations(29), new GradientTolerance(1e-8)));
        Assert.Equal(StopReason.GradTol, result.Stop);
    }

    [Fact]
    public void AStartAtTheMinimumStopsBeforeAnyStep()
    {
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [0, 0], new PlainGradientDescent(0.5), RunOptions.Default);
        Assert.Equal((StopReason.GradTol, 0L), (result.Stop, result.Iterations));
        Assert.Single(result.Trace);
    }

    [Fact]
    public void RunningOutOfIterationsIsAResultWithTheLastAndBestPoints()
    {
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new PlainGradientDescent(1e-3),
            With(new MaxIterations(500), new GradientTolerance(1e-8)));
        Assert.Equal(StopReason.MaxIter, result.Stop);
        Assert.Equal(500, result.Iterations);
        Assert.Equal("all 500 iterations done", result.StopDetail);
        Assert.True(result.BestF <= result.F);
        Assert.Equal(result.BestF, new Rosenbrock2().Value(result.BestX.ToArray()));
        Assert.Equal([-1.2, 1.0], result.Start);
    }

    [Fact]
    public void ALearningRateTooLargeDivergesWithTheIterationAndReason()
    {
        // x ← (1 − 3)x doubles |x| each step: f = 2^{2k}·2 passes 1e100 at k = 166.
        var result = Minimizer.Run(new DiagonalQuadratic(1), [2], new PlainGradientDescent(3), RunOptions.Default);
        Assert.Equal(StopReason.Diverged, result.Stop);
        Assert.Equal(166, result.DivergedAt);
        Assert.Equal(166, result.Iterations);
        Assert.Contains("grew past 1e+100 at iteration 166", result.StopDetail);
        Assert.Equal(2.0, result.BestF);
        Assert.Equal([2.0], result.BestX);
    }

    [Fact]
    public void LeavingTheDomainIsDivergenceWithANaNValueNotAnException()
    {
        // From x = 1 with lr 2: x ← 1 − 2·1 = −1, where log is NaN.
        var result = Minimizer.Run(new LogObjective(), [1], new PlainGradientDescent(2), RunOptions.Default);
        Assert.Equal(StopReason.Diverged, result.Stop);
        Assert.Equal(1, result.DivergedAt);
        Assert.Equal("f is NaN at iteration 1", result.StopDetail);
        Assert.Equal(0.0, result.BestF);
        Assert.Null(ExactMinimum.Measure(result, new LogObjective()).ToMinimum);
    }

    [Fact]
    public void FunctionToleranceStopsWhenTheRelativeChangeIsSmall()
    {
        // f_k = 12.5·4^{-k} < 1 from k = 2; relative change 3·f_k ≤ 1e-6 first at k = 13 (4^k ≥ 3.75e7).
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new PlainGradientDescent(0.5),
            With(new MaxIterations(100), new FunctionTolerance(1e-6)));
        Assert.Equal((StopReason.FTol, 13L), (result.Stop, result.Iterations));
    }

    [Fact]
    public void StepToleranceStopsWhenTheStepIsShort()
    {
        // The step from x_{k−1} to x_k has length 5·2^{-k}; ≤ 1e-3 first at k = 13.
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new PlainGradientDescent(0.5),
            With(new MaxIterations(100), new StepTolerance(1e-3)));
        Assert.Equal((StopReason.XTol, 13L), (result.Stop, result.Iterations));
        Assert.Equal(5 * Math.Pow(2, -13), result.Checks.Single(c => c.Rule == "x-tol").Measured, 1e-15);
    }

    [Fact]
    public void PatienceStopsWhenTheBestValueStopsImproving()
    {
        // f_k = 12.5·4^{-k}: the best f improves by more than 1e-3 through k = 7 (f7 = 0.00076 < f6 − 1e-3 = 0.00205),
        // never after (f8 > f7 − 1e-3), so the fifth idle iteration is k = 12.
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new PlainGradientDescent(0.5),
            With(new MaxIterations(100), new Patience(5, 1e-3)));
        Assert.Equal((StopReason.Patience, 12L), (result.Stop, result.Iterations));
    }

    [Fact]
    public void TargetStopsWhenFReachesIt()
    {
        var result = Minimizer.Run(new DiagonalQuadratic(1, 1), [3, 4], new PlainGradientDescent(0.5),
            With(new MaxIterations(100), new Target(0.01)));
        // 12.5·4^{-k} ≤ 0.01 first at k = 6.
        Assert.Equal((StopReason.Target, 6L), (result.Stop, result.Iterations));
    }

    [Fact]
    public void TimeLimitEndsTheRunWithItsResult()
    {
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new PlainGradientDescent(1e-4),
            With(new MaxIterations(long.MaxValue), new TimeLimit(0.02)));
        Assert.Equal(StopReason.TimeLimit, result.Stop);
        Assert.True(result.Elapsed.TotalSeconds >= 0.02);
        Assert.True(result.Iterations > 100);
        // An unbounded max-iter does not shrink the trace: it keeps thinning to a full spread of entries.
        Assert.True(result.Trace.Count > 50);
    }

    [Fact]
    public void CancellationFromAnObserverEndsTheRunCleanly()
    {
        using var source = new CancellationTokenSource();
        var observer = new CancelAt(7, source);
        var options = RunOptions.Default with { Cancellation = source.Token, Observer = observer };
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new PlainGradientDescent(1e-4), options);
        Assert.Equal(StopReason.Cancelled, result.Stop);
        Assert.Equal(7, result.Iterations);
        Assert.Equal(8, observer.Calls);
        Assert.Equal("cancelled at iteration 7", result.StopDetail);
    }

    private sealed class CancelAt(long iteration, CancellationTokenSource source) : IRunObserver
    {
        public int Calls { get; private set; }

        public void OnIteration(long i, ReadOnlySpan<double> x, double f, double gradientNorm)
        {
            Calls++;
            if (i == iteration) source.Cancel();
        }
    }

    [Fact]
    public void TraceEveryKKeepsMultiplesOfKAndTheEnd()
    {
        var options = With(new MaxIterations(23)) with { TraceEvery = 5 };
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new PlainGradientDescent(1e-4), options);
        Assert.Equal([0L, 5, 10, 15, 20, 23], result.Trace.Select(t => t.Iteration));
    }

    [Fact]
    public void AFullTraceThinsOutButStillSpansTheRun()
    {
        var options = With(new MaxIterations(1000)) with { TraceCapacity = 16 };
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new PlainGradientDescent(1e-4), options);
        var iterations = result.Trace.Select(t => t.Iteration).ToArray();
        Assert.True(iterations.Length <= 16);
        Assert.Equal(0, iterations[0]);
        Assert.Equal(1000, iterations[^1]);
        long stride = iterations[1];
        Assert.True(stride >= 64);
        Assert.All(iterations[..^1], (it, i) => Assert.Equal(i * stride, it));
    }

    [Fact]
    public void TheLoopLeavesTheDistanceToTheMinimumToTheStepAfterIt()
    {
        // Converged next to rosenbrock's minimum, yet the run loop polishes nothing: ExactMinimum does that, when asked.
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new PlainGradientDescent(1e-3),
            With(new MaxIterations(20000), new GradientTolerance(1e-3)));
        Assert.Equal(StopReason.GradTol, result.Stop);
        Assert.Null(result.ToMinimum);
    }

    [Fact]
    public void AStartOfTheWrongDimensionIsBadInput()
    {
        var e = Assert.Throws<InputException>(() =>
            Minimizer.Run(new Rosenbrock2(), [1, 2, 3], new PlainGradientDescent(0.1), RunOptions.Default));
        Assert.Equal("the start has 3 coordinates but the function has 2 variables", e.Message);
    }
}
