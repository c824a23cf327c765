using BenchmarkDotNet.Attributes;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Bench;

/// <summary>
/// L-BFGS (history 10, strong Wolfe) on the chained Rosenbrock function, N = 1000, from (−1.2, 1, −1.2, 1, …) to
/// ‖∇f‖∞ ≤ 1e-8 — SciPy's L-BFGS-B takes 5,806 evaluations and 0.35 s on this machine
/// (`/usr/bin/python3 tools/reference/second_order.py --speed` measures it in the same sitting). The setup prints the
/// evaluation count. Also BFGS on 2-D Rosenbrock from (−1.2, 1) to ‖∇f‖ ≤ 1e-5 (SciPy: 39 evaluations).
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*LbfgsBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class LbfgsBenchmarks
{
    private IObjective _chained = null!, _rosenbrock2 = null!;
    private double[] _start = [];
    private RunOptions _lbfgsOptions = null!, _bfgsOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _chained = FunctionResolver.Resolve("rosenbrock", 1000).Objective;
        _rosenbrock2 = FunctionResolver.Resolve("rosenbrock", 2).Objective;
        _start = Enumerable.Range(0, 1000).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        _lbfgsOptions = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.With(new GradientTolerance(1e-8, GradientNormKind.Max)).With(new MaxIterations(100_000)),
        };
        _bfgsOptions = RunOptions.Default with { Stopping = StoppingRules.Default.With(new GradientTolerance(1e-5)) };
        var lbfgs = Minimizer.Run(_chained, _start, new Lbfgs(), _lbfgsOptions);
        Console.WriteLine($"// L-BFGS N=1000: {lbfgs.Stop.ToName()} after {lbfgs.Iterations} iterations, " +
                          $"{lbfgs.Evaluations.Function} evaluations, ‖∇f‖∞ ≤ 1e-8, ‖∇f‖₂ = {lbfgs.GradientNorm:g3}");
        var bfgs = Minimizer.Run(_rosenbrock2, [-1.2, 1.0], new Bfgs(), _bfgsOptions);
        Console.WriteLine($"// BFGS 2-D: {bfgs.Stop.ToName()} after {bfgs.Iterations} iterations, {bfgs.Evaluations.Function} evaluations");
    }

    [Benchmark]
    public long LbfgsChainedRosenbrock1000() => Minimizer.Run(_chained, _start, new Lbfgs(), _lbfgsOptions).Evaluations.Function;

    [Benchmark]
    public long BfgsRosenbrock2() => Minimizer.Run(_rosenbrock2, [-1.2, 1.0], new Bfgs(), _bfgsOptions).Evaluations.Function;
}

/// <summary>
/// L-BFGS-B (history 10) on the bounded chained Rosenbrock function, N = 1000 (<see cref="LbfgsbVersusScipy.Problem"/>:
/// [−1.5, 1.2]ⁿ with x₁₀₀₀ ≤ 0.81, from (−1.2, 1, …)) to the projected gradient's max norm ≤ 1e-8. SciPy's L-BFGS-B
/// is timed on the same problem in the same sitting by `-- lbfgsb-vs-scipy`; the setup prints the evaluation count.
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*LbfgsbBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class LbfgsbBenchmarks
{
    private IObjective _objective = null!;
    private double[] _start = [];
    private RunOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_objective, _start, _options) = LbfgsbVersusScipy.Problem();
        var result = Minimizer.Run(_objective, _start, new Lbfgsb(), _options);
        Console.WriteLine($"// L-BFGS-B N=1000 bounded: {result.Stop.ToName()} after {result.Iterations} iterations, " +
                          $"{result.Evaluations.Function} evaluations, f = {result.F:R}");
    }

    [Benchmark]
    public long LbfgsbBoundedRosenbrock1000() => Minimizer.Run(_objective, _start, new Lbfgsb(), _options).Evaluations.Function;
}
