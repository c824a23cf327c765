using BenchmarkDotNet.Attributes;
using Downhill.Optimizers;

namespace Downhill.Bench;

/// <summary>
/// The fixed cost of one step on a tiny problem (2-D Rosenbrock, double): what an iteration of <c>minimize</c>
/// pays for the optimizer itself. Each invocation takes 1,000 steps, gradient included.
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*OptimizerSmallStep*' --job short
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class OptimizerSmallStepBenchmarks
{
    private const int Steps = 1000;
    private readonly double[] _x = new double[2], _g = new double[2];

    [Params("sgd", "momentum", "adam", "nadam", "radam")]
    public string Optimizer { get; set; } = "";

    private FirstOrderOptimizer _optimizer = null!;
    private ParameterState<double> _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        FirstOrderOptimizers.TryCreate(Specs.Spec.Parse(Optimizer), out var optimizer);
        _optimizer = optimizer!;
        _state = _optimizer.CreateState<double>(2);
        (_x[0], _x[1]) = (-1.2, 1);
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public double Step()
    {
        double[] x = _x, g = _g;
        for (int k = 0; k < Steps; k++)
        {
            double a = x[0], t = x[1] - a * a;
            g[0] = -2 * (1 - a) - 400 * a * t;
            g[1] = 200 * t;
            _state.Step(x, g, _optimizer.LearningRate);
        }
        return x[0];
    }
}
