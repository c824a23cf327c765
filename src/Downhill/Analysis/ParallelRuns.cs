using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Analysis;

/// <summary>Many independent runs of one function, in parallel, with results in run order whatever the thread count.</summary>
internal static class ParallelRuns
{
    /// <summary>
    /// Runs <paramref name="count"/> runs; run k starts at <paramref name="start"/>(k) with <paramref name="method"/>(k).
    /// Only end points matter to the callers, so traces are cut to the start and the end, and the end is not polished.
    /// </summary>
    public static RunResult[] Run(IObjective objective, int count, Func<int, double[]> start, Func<int, IMethod> method,
        RunOptions run, int threads)
    {
        var lean = run with { TraceCapacity = 4, TraceEvery = int.MaxValue, Observer = null };
        var results = new RunResult[count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : -1 };
        Parallel.For(0, count, parallel, k => results[k] = Minimizer.Run(objective, start(k), method(k), lean));
        return results;
    }
}
