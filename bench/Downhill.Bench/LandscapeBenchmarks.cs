using BenchmarkDotNet.Attributes;
using Downhill.Analysis;
using Downhill.Analysis.Landscapes;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Bench;

/// <summary>
/// Landscape work on Himmelblau with gradient descent (lr 0.01, grad-tol 1e-8, max-iter 10,000) on every core:
/// 1,000 random restarts uniform in [−5, 5]² (divide 1,000 by the time for restarts per second), and a 200×200 basin
/// map of the same box (40,000 runs).
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*Landscape*' --job short
/// </summary>
public class LandscapeBenchmarks
{
    private IObjective _himmelblau = null!;
    private IMethod _gd = null!;
    private readonly RunOptions _run = new() { Stopping = StoppingRules.Default };

    [GlobalSetup]
    public void Setup()
    {
        _himmelblau = FunctionResolver.Resolve("himmelblau").Objective;
        _gd = Methods.Parse("gd:lr=0.01");
    }

    [Benchmark]
    public int Restarts1000() =>
        RandomRestarts.Run(_himmelblau, _gd, new RestartOptions
        {
            Starts = 1000, Seed = 1, Init = StartingPoint.Parse("uniform"), Bounds = [(-5, 5), (-5, 5)], Run = _run,
        }).Minima.Count;

    [Benchmark]
    public int BasinMap200() =>
        BasinMap.Compute(_himmelblau, _gd, Box.Cube(2, -5, 5), 200, _run).Minima.Count;
}
