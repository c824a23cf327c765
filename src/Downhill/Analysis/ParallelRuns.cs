using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Analysis;

/// <summary>Many independent runs of one function, in parallel, with results in run order whatever the thread count.</summary>
internal static class ParallelRuns
{
    /// <summary>
    /// Runs <paramref name="count"/> runs; run k starts at <paramref name="start"/>(k) with <paramref name="method"/>(k).
    /// At most <paramref name="threads"/> at once (0: one per core). Only end points matter to the callers, so traces are cut to the start and the end, and the end is not polished.
    /// </summary>
    public static RunResult[] Run(IObjective objective, int count, Func<int, double[]> start, Func<int, IMethod> method,
        RunOptions run, int threads)
    {
        var lean = run with { TraceCapacity = 4, TraceEvery = int.MaxValue, Observer = null };
        var results = new RunResult[count];
        WorkerPool.OnThreadPool(threads).For(count, k => results[k] = Minimizer.Run(objective, start(k), method(k), lean));
        return results;
    }
}
