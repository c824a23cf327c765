using System.Diagnostics;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Bench;

/// <summary>
/// `-- minimize-profile [iterations] [rounds]`: nanoseconds per iteration of the whole run loop, <see cref="MinimizeBenchmarks"/>'s
/// runs (adam lr 0.001 and gd lr 0.0001 on 2-D Rosenbrock from (−1.2, 1), trace at the ends), in alternating rounds,
/// by wall time and by this process's processor time. On a shared machine the processor time is the steadier figure
/// (it leaves out the time other processes held the core); the best round of each is printed.
/// </summary>
public static class MinimizeProfile
{
    public static int Run(string[] args)
    {
        long iterations = args.Length > 1 ? long.Parse(args[1]) : 2_000_000;
        int rounds = args.Length > 2 ? int.Parse(args[2]) : 7;
        var rosenbrock = FunctionResolver.Resolve("rosenbrock", 2).Objective;
        var options = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.Without<GradientTolerance>().Without<StepTolerance>().With(new MaxIterations(iterations)),
            TraceEvery = int.MaxValue,
        };
        string[] methods = ["adam:lr=0.001", "gd:lr=0.0001"];
        var best = methods.ToDictionary(m => m, _ => (Wall: double.MaxValue, Cpu: double.MaxValue));
        var process = Process.GetCurrentProcess();
        for (int round = 0; round <= rounds; round++)
            foreach (string spec in methods)
            {
                var method = Methods.Parse(spec);
                process.Refresh();
                var cpu = process.TotalProcessorTime;
                long start = Stopwatch.GetTimestamp();
                var result = Minimizer.Run(rosenbrock, [-1.2, 1.0], method, options);
                double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
                process.Refresh();
                double used = (process.TotalProcessorTime - cpu).TotalSeconds;
                if (result.Iterations != iterations) throw new InvalidOperationException($"{spec} stopped after {result.Iterations} iterations");
                if (round == 0) continue; // the first round compiles
                var (w, c) = best[spec];
                best[spec] = (Math.Min(w, wall * 1e9 / iterations), Math.Min(c, used * 1e9 / iterations));
            }
        foreach (var (spec, (wall, cpu)) in best)
            Console.WriteLine($"{spec,-16} {wall,7:0.0} ns wall  {cpu,7:0.0} ns processor  per iteration (best of {rounds} rounds of {iterations:N0})");
        return 0;
    }
}
