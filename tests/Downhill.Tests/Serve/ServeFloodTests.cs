using System.Diagnostics;
using Downhill.Cli.Serve;

namespace Downhill.Tests.Serve;

/// <summary>
/// A bounded flood of bad and expensive requests from many clients at once: the server refuses or cuts them short,
/// and a good request (a four-optimizer race) keeps getting its answer in time all the while.
/// </summary>
public sealed class ServeFloodTests
{
    private static readonly string[] Flood =
    [
        "/api/basins?f=himmelblau&o=gd:lr=1e-6&grid=100&max-iter=100000&grad-tol=0",
        "/api/critical?f=rastrigin&dim=10&starts=20000",
        "/api/compare?f=sin(x)*cos(y)%2Bexp(sin(x*y))&x0=1,1&o=gd:lr=1e-9&o=adam:lr=1e-9&o=rmsprop:lr=1e-9&o=momentum:lr=1e-9&o=nesterov:lr=1e-9&o=adagrad:lr=1e-9&o=adamax:lr=1e-9&o=nadam:lr=1e-9&max-iter=100000&grad-tol=0",
        "/api/sweep?f=rosenbrock&x0=-1.2,1&lr=1e-9..1e-3:200&max-iter=100000&grad-tol=0",
        "/api/grid?f=rosenbrock&resolution=401",
        "/api/eval?f=((((x&at=1",
        "/api/compare?f=rosenbrock&o=nope",
        "/api/minimize?f=rosenbrock&max-iter=1000000000",
        "/api/eval?at=1&f=" + new string('x', 9000),
    ];

    private const string Good = "/api/compare?f=rosenbrock&x0=-1.2,1&o=gd&o=momentum&o=adam&o=rmsprop&max-iter=1000";

    [Fact]
    public async Task GoodRequestsAreAnsweredInTimeThroughAFlood()
    {
        var host = new PlaygroundHost { Limits = new ServeLimits { TimeBudget = TimeSpan.FromSeconds(1) } };
        await host.InitializeAsync();
        try
        {
            // The flood lasts until the good client has had its answers (a count, not a time window: on a loaded machine
            // each answer takes longer, and the test asks that each comes in time, not that many fit in a few seconds).
            const int Answers = 4;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var statuses = new System.Collections.Concurrent.ConcurrentBag<int>();
            var flooders = Enumerable.Range(0, 12).Select(k => Task.Run(async () =>
            {
                for (int i = k; !stop.IsCancellationRequested; i++)
                    statuses.Add((await host.Get(Flood[i % Flood.Length])).Status);
            })).ToArray();
            var slowest = TimeSpan.Zero;
            int good = 0;
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                var (status, body) = await host.Get(Good);
                Assert.Equal(200, status);
                Assert.StartsWith("[", body);
                slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
                if (++good == Answers) stop.Cancel();
            }
            await Task.WhenAll(flooders);
            Assert.True(good == Answers, $"only {good} good answers in 60 s");
            // In time: no longer than the time budget of the requests ahead of it, with room for a loaded 2-core machine.
            Assert.True(slowest < TimeSpan.FromSeconds(5), $"the slowest good answer took {slowest.TotalSeconds:0.00} s");
            Assert.Contains(400, statuses);
            Assert.Contains(413, statuses);
            Assert.DoesNotContain(500, statuses);
            Assert.All(statuses, s => Assert.Contains(s, new[] { 200, 400, 413, 429 }));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
