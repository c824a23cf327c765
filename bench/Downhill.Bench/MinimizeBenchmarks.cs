using BenchmarkDotNet.Attributes;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Bench;

/// <summary>
/// The whole run loop per iteration: `minimize -f rosenbrock -o adam` from (−1.2, 1), every stopping check (max-iter,
/// divergence, cancellation) and the trace (every iteration, thinned past its cap) included; grad-tol and x-tol are off
/// so every run takes exactly <see cref="Iterations"/> steps (Adam reaches the minimum exactly and would stop on a zero
/// step). <see cref="GdOnRosenbrock"/> is the same loop around the cheapest method, x ← x − lr·∇f, to show what the loop
/// itself costs. The cost of one iteration is the difference of the two
/// runs over the 990,000 extra iterations. With the trace kept only at the start and the end (TraceEvery = 10⁶) the
/// allocation is the same for both lengths — buffers and the result, nothing per iteration; with every iteration traced
/// it grows only with the number of entries kept (capped at 10,000), not with the iterations.
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*MinimizeBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class MinimizeBenchmarks
{
    private IObjective _rosenbrock = null!;
    private IMethod _adam = null!, _gd = null!;
    private RunOptions _options = null!;

    [Params(10_000, 1_000_000)]
    public int Iterations { get; set; }

    [Params(1, 1_000_000)]
    public int TraceEvery { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _rosenbrock = FunctionResolver.Resolve("rosenbrock", 2).Objective;
        _adam = Methods.Parse("adam:lr=0.001");
        _gd = Methods.Parse("gd:lr=0.0001");
        _options = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.Without<GradientTolerance>().Without<StepTolerance>()
                .With(new MaxIterations(Iterations)),
            TraceEvery = TraceEvery,
        };
    }

    [Benchmark]
    public double AdamOnRosenbrock() => Minimizer.Run(_rosenbrock, [-1.2, 1.0], _adam, _options).F;

    [Benchmark]
    public double GdOnRosenbrock() => Minimizer.Run(_rosenbrock, [-1.2, 1.0], _gd, _options).F;
}
