using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;

namespace Downhill.Tests.Analysis;

/// <summary>x ← x − lr·∇f(x), every iterate traced: a textbook run to feed the diagnostics, independent of the library's run loop.</summary>
public static class PlainGradientDescent
{
    public static RunResult Run(IObjective f, double[] start, double lr, int maxIterations, double gradientTolerance = 1e-8, double divergenceBound = 1e12)
    {
        int n = f.Dimension;
        var x = (double[])start.Clone();
        var g = new double[n];
        var trace = new List<TraceEntry>();
        double value = f.ValueAndGradient(x, g);
        double norm = Norm(g);
        trace.Add(new TraceEntry(0, (double[])x.Clone(), value, norm, double.NaN));
        StopReason stop = StopReason.MaxIter;
        long iteration = 0;
        while (iteration < maxIterations)
        {
            if (norm <= gradientTolerance) { stop = StopReason.GradTol; break; }
            for (int i = 0; i < n; i++) x[i] -= lr * g[i];
            value = f.ValueAndGradient(x, g);
            norm = Norm(g);
            iteration++;
            trace.Add(new TraceEntry(iteration, (double[])x.Clone(), value, norm, lr));
            if (!double.IsFinite(value) || Math.Abs(value) > divergenceBound) { stop = StopReason.Diverged; break; }
        }
        var best = trace.Where(e => double.IsFinite(e.F)).MinBy(e => e.F)!;
        return new RunResult
        {
            Function = f.ToString()!,
            Method = "gd",
            Hyperparameters = [new Hyperparameter("lr", lr)],
            Start = start,
            X = x,
            F = value,
            GradientNorm = norm,
            BestX = best.X,
            BestF = best.F,
            Iterations = iteration,
            Evaluations = new EvaluationCounts(iteration + 1, iteration + 1, 0),
            Stop = stop,
            StopDetail = stop == StopReason.Diverged ? $"|f| passed {divergenceBound} at iteration {iteration}" : "",
            DivergedAt = stop == StopReason.Diverged ? iteration : null,
            Checks = [],
            Elapsed = TimeSpan.Zero,
            Trace = trace,
        };
    }

    private static double Norm(double[] v) => Math.Sqrt(v.Sum(e => e * e));
}
