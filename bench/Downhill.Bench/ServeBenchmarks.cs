using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Downhill.Cli.Serve;

namespace Downhill.Bench;

/// <summary>
/// The playground server's answers over HTTP on loopback, request to last byte (issue 13's targets: a race of four
/// optimizers × 1,000 iterations on a 2-D catalog function p95 ≤ 20 ms; a 200×200 grid ≤ 30 ms).
/// </summary>
[Config(typeof(WithPercentiles))]
public class ServeBenchmarks
{
    private PlaygroundServer _server = null!;
    private HttpClient _client = null!;

    [GlobalSetup]
    public void Start()
    {
        _server = PlaygroundServer.StartAsync(new ServeOptions("127.0.0.1", 0)).GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = _server.Address };
    }

    [GlobalCleanup]
    public void Stop()
    {
        _client.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>gd, momentum, adam and rmsprop, 1,000 iterations each on Rosenbrock, every iterate in the trace.</summary>
    [Benchmark]
    public int FourOptimizersThousandIterations() =>
        _client.GetStringAsync("/api/compare?f=rosenbrock&x0=-1.2,1&o=gd&o=momentum&o=adam&o=rmsprop&max-iter=1000&grad-tol=0").GetAwaiter().GetResult().Length;

    /// <summary>f on a 200×200 grid with its contour levels.</summary>
    [Benchmark]
    public int Grid200() => _client.GetStringAsync("/api/grid?f=rosenbrock&resolution=200").GetAwaiter().GetResult().Length;

    private sealed class WithPercentiles : ManualConfig
    {
        public WithPercentiles() => AddColumn(StatisticColumn.P95);
    }
}
