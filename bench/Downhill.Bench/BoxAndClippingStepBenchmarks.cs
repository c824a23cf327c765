using BenchmarkDotNet.Attributes;
using Downhill.Constraints;
using Downhill.Optimizers;

namespace Downhill.Bench;

/// <summary>
/// What a box and gradient clipping add to one first-order step on n float64 parameters, as the run loop takes it
/// (<see cref="FirstOrderMethod"/>): every case first writes a fresh gradient (a copy, standing in for the backward
/// pass, so clipping has something to clip each time), then the plain step is the optimizer's
/// <see cref="ParameterState{T}.Step"/>; the projected step adds <see cref="Bounds.Project"/> after it (a box that
/// holds about a tenth of the coordinates on a face); the clipped steps add torch's clip_grad_norm_ (the gradient's
/// norm is 10× max_norm, so every step scales it) or clip_grad_value_ (a third of the components clamped) before it.
/// All are allocation-free (the Allocated column; at 1,000,000 the step's Parallel.For books 1.7 KB with or without them).
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*BoxAndClippingStep*' --job short --inProcess
/// Measured on the 2-core host under a load average of 38 to 47 (medians, so read them as upper bounds), n = 1,000:
/// sgd step 0.64 µs, projected 1.47, clip_grad_norm_ 1.34, clip_grad_value_ 1.06; adam step 1.62 µs, projected 2.02,
/// by norm 2.05, by value 1.93. n = 1,000,000: sgd 1.65 ms, projected 1.94, by norm 3.76, by value 2.85; adam 3.00 ms,
/// projected 5.53, by norm 3.00, by value 3.11. Before the passes were vectorized (same load): adam n = 1,000 by norm
/// 10.1 µs, n = 1,000,000 projected 8.9 ms, by norm 13.4 ms, by value 23.5 ms.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class BoxAndClippingStepBenchmarks
{
    private double[] _x = [], _gradient = [], _freshGradient = [];
    private ParameterState<double> _state = null!;
    private Bounds _box = null!;
    private GradientClipping _byNorm = null!, _byValue = null!;

    /// <summary>The optimizer stepping.</summary>
    [Params("sgd", "adam")]
    public string Optimizer { get; set; } = "sgd";

    /// <summary>Parameters.</summary>
    [Params(1_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = new double[N];
        _gradient = new double[N];
        _freshGradient = new double[N];
        uint seed = 12345;
        double sumOfSquares = 0;
        for (int i = 0; i < N; i++)
        {
            seed = seed * 1664525 + 1013904223;
            _x[i] = (seed >> 8) / (double)(1 << 24) - 0.5;
            _freshGradient[i] = 2 * _x[i] + 1e-3;
            sumOfSquares += _freshGradient[i] * _freshGradient[i];
        }
        _state = Optimizer == "adam" ? new Adam(lr: 1e-3).CreateState<double>(N) : new Sgd(lr: 1e-3).CreateState<double>(N);
        // Starts spread over [−0.5, 0.5]; the box [−0.4, 0.4] holds a fifth of them on a face from the first step on.
        _box = new Bounds(Enumerable.Repeat(-0.4, N).ToArray(), Enumerable.Repeat(0.4, N).ToArray());
        _byNorm = GradientClipping.ByNorm(Math.Sqrt(sumOfSquares) / 10);
        _byValue = GradientClipping.ByValue(0.35);
    }

    [Benchmark(Baseline = true, Description = "step")]
    public void Plain()
    {
        _freshGradient.CopyTo(_gradient, 0);
        _state.Step(_x, _gradient, 1e-3);
    }

    [Benchmark(Description = "step, projected onto the box")]
    public int Projected()
    {
        _freshGradient.CopyTo(_gradient, 0);
        _state.Step(_x, _gradient, 1e-3);
        return _box.Project(_x);
    }

    [Benchmark(Description = "clip_grad_norm_, step")]
    public bool ClippedByNorm()
    {
        _freshGradient.CopyTo(_gradient, 0);
        bool clipped = _byNorm.Apply<double>(_gradient);
        _state.Step(_x, _gradient, 1e-3);
        return clipped;
    }

    [Benchmark(Description = "clip_grad_value_, step")]
    public bool ClippedByValue()
    {
        _freshGradient.CopyTo(_gradient, 0);
        bool clipped = _byValue.Apply<double>(_gradient);
        _state.Step(_x, _gradient, 1e-3);
        return clipped;
    }
}
