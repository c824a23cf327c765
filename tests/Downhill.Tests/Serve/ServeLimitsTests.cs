using System.Diagnostics;
using System.Text.Json;
using Downhill.Cli.Serve;

namespace Downhill.Tests.Serve;

/// <summary>The playground's limits: past each one a 400, 413 or 429 with a message; past the time budget, what was computed.</summary>
public sealed class ServeLimitsTests(PlaygroundHost host) : IClassFixture<PlaygroundHost>
{
    [Theory]
    [InlineData("/api/compare?f=rosenbrock&max-iter=100001", "--max-iter: 100001 iterations per run; the server takes at most 100000")]
    [InlineData("/api/minimize?f=rosenbrock&dim=11", "--dim: 11 variables; the server takes at most 10")]
    [InlineData("/api/grid?f=himmelblau&resolution=402", "--resolution: 402 points per side; the server takes at most 401")]
    [InlineData("/api/basins?f=himmelblau&grid=101", "--grid: 101 starts per side; the server takes at most 100")]
    [InlineData("/api/critical?f=himmelblau&starts=20001", "--starts: 20001 starts; the server takes at most 20000")]
    [InlineData("/api/eval?f=x1%2Bx2%2Bx3%2Bx4%2Bx5%2Bx6%2Bx7%2Bx8%2Bx9%2Bx10%2Bx11&at=1", "-f: 11 variables; the server takes functions of at most 10")]
    [InlineData("/api/eval?f=x&vars=a,b,c,d,e,f,g,h,i,j,k&at=1", "--vars: 11 variables")]
    [InlineData("/api/compare?f=rosenbrock&o=gd&o=gd&o=gd&o=gd&o=gd&o=gd&o=gd&o=gd&o=gd", "-o: 9 methods; the server races at most 8 at once")]
    public async Task FlagsPastALimitAre400NamingIt(string path, string message)
    {
        var (status, body) = await host.Get(path);
        Assert.Equal(400, status);
        Assert.Contains(message, Error(body));
    }

    [Fact]
    public async Task AnExpressionPastTheLengthLimitIs400()
    {
        string f = string.Join("+", Enumerable.Repeat("x*y", 126));
        var (status, body) = await host.Get("/api/eval?at=1,1&f=" + Uri.EscapeDataString(f));
        Assert.Equal(400, status);
        Assert.Equal($"-f: {f.Length} characters; the server takes functions of at most 500", Error(body));
    }

    [Fact]
    public async Task ARequestTooLongOrWithABodyIs413()
    {
        var (status, body) = await host.Get("/api/eval?at=1&f=x&vars=" + new string('x', 9000));
        Assert.Equal(413, status);
        Assert.Contains("the request is too large: at most 8192 characters", Error(body));
        using var withBody = new HttpRequestMessage(HttpMethod.Get, "/api/functions") { Content = new StringContent("{}") };
        using var response = await host.Client.SendAsync(withBody);
        Assert.Equal(413, (int)response.StatusCode);
    }

    [Fact]
    public async Task PastTheTimeBudgetARequestAnswersWhatItComputed()
    {
        var tight = new PlaygroundHost { Limits = new ServeLimits { TimeBudget = TimeSpan.FromMilliseconds(5), MaxIterations = 10_000_000 } };
        await tight.InitializeAsync();
        try
        {
            // Two runs of 10,000,000 iterations of an expression take far longer than 5 ms (100,000 took about 6 ms).
            var clock = Stopwatch.StartNew();
            var (status, body) = await tight.Get("/api/compare?f=sin(x)*cos(y)%2Bexp(sin(x*y))&x0=1,1&o=gd:lr=1e-9&o=adam:lr=1e-9&max-iter=10000000&grad-tol=0&trace-every=10000000");
            Assert.Equal(200, status);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
            using var json = JsonDocument.Parse(body);
            var first = json.RootElement[0];
            Assert.Equal("cancelled", first.GetProperty("stop").GetString());
            Assert.InRange(first.GetProperty("iterations").GetInt64(), 0, 9_999_999);
            Assert.Equal(1, json.RootElement.GetArrayLength());   // compare stops racing once cancelled
        }
        finally
        {
            await tight.DisposeAsync();
        }
    }

    [Fact]
    public async Task MoreHeavyRequestsThanTheLaneHoldsAre429()
    {
        var tight = new PlaygroundHost { Limits = new ServeLimits { MaxConcurrent = 1, MaxQueuedHeavy = 0, TimeBudget = TimeSpan.FromSeconds(3) } };
        await tight.InitializeAsync();
        try
        {
            const string Heavy = "/api/basins?f=himmelblau&o=gd:lr=1e-6&grid=100&max-iter=100000&grad-tol=0";
            // Two heavy requests while each takes its whole 3 s budget: whichever reaches the lane second finds it
            // full, whatever order the machine's load lets them arrive in.
            var first = tight.Get(Heavy);
            await Task.Delay(20);
            var second = tight.Get(Heavy);
            await Task.Delay(100);
            // The light lane still answers while the heavy one is full.
            Assert.Equal(200, (await tight.Get("/api/eval?f=rosenbrock&at=1,1")).Status);
            var answers = new[] { await first, await second };
            Assert.Equal([200, 429], answers.Select(a => a.Status).Order());
            Assert.Equal("too many requests at once; try again in a moment", Error(answers.Single(a => a.Status == 429).Body));
        }
        finally
        {
            await tight.DisposeAsync();
        }
    }

    private static string Error(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("error").GetString()!;
    }
}
