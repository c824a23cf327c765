using System.Text.Json;
using System.Text.RegularExpressions;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Serve;

/// <summary>
/// Each endpoint of the playground's API answers exactly what the command prints with --json for the same flags
/// (timings aside), and a bad flag answers 400 with the command's message.
/// </summary>
public sealed partial class ServeApiTests(PlaygroundHost host) : IClassFixture<PlaygroundHost>
{
    public static TheoryData<string, string[]> SameAsTheCommand => new()
    {
        { "/api/minimize?f=rosenbrock&o=adam:lr=0.01&x0=-1.2,1&max-iter=300", ["minimize", "-f", "rosenbrock", "-o", "adam:lr=0.01", "--x0=-1.2,1", "--max-iter", "300"] },
        { "/api/compare?f=himmelblau&x0=-0.5,4.5&o=gd:lr=0.01&o=momentum:lr=0.003&o=adam:lr=0.3&max-iter=200", ["compare", "-f", "himmelblau", "--x0=-0.5,4.5", "-o", "gd:lr=0.01", "-o", "momentum:lr=0.003", "-o", "adam:lr=0.3", "--max-iter", "200"] },
        { "/api/compare?f=rosenbrock&x0=-1.2,1&o=adam:lr=0.01&o=nadam&o=momentum:lr=0.001&max-iter=50&trace-state=true", ["compare", "-f", "rosenbrock", "--x0=-1.2,1", "-o", "adam:lr=0.01", "-o", "nadam", "-o", "momentum:lr=0.001", "--max-iter", "50", "--trace-state"] },
        { "/api/eval?f=x*sin(y)%2Bexp(-x%5E2)&at=0.5,-1", ["eval", "-f", "x*sin(y)+exp(-x^2)", "--at=0.5,-1"] },
        { "/api/critical?f=peaks&starts=300", ["critical", "-f", "peaks", "--starts", "300"] },
        { "/api/basins?f=himmelblau&o=gd:lr=0.01&grid=12&max-iter=400", ["basins", "-f", "himmelblau", "-o", "gd:lr=0.01", "--grid", "12", "--max-iter", "400"] },
        { "/api/sweep?f=valley:kappa=50&x0=1,1&lr=1e-4..1&max-iter=300", ["sweep", "-f", "valley:kappa=50", "--x0", "1,1", "--lr", "1e-4..1", "--max-iter", "300"] },
        { "/api/functions", ["functions"] },
        { "/api/optimizers", ["optimizers"] },
        { "/api/grid?f=rosenbrock&bounds=-2:2,-1:3&resolution=25", ["plot", "-f", "rosenbrock", "--bounds=-2:2,-1:3", "--resolution", "25"] },
        { "/api/compare?f=himmelblau&x0=-4,4&o=adam:lr=0.3&o=lbfgsb&max-iter=100&bounds=-4.5:-3.3,3.5:4.5&constrain=true", ["compare", "-f", "himmelblau", "--x0=-4,4", "-o", "adam:lr=0.3", "-o", "lbfgsb", "--max-iter", "100", "--bounds=-4.5:-3.3,3.5:4.5", "--constrain"] },
        { "/api/landscape?data=digits&model=mlp:2&train=sgd:lr%3D0.5&steps=40&grid=5&rows=120&seed=3", ["landscape", "-d", "digits", "-m", "mlp:2", "--train", "sgd:lr=0.5", "--steps", "40", "--grid", "5", "--rows", "120", "--seed", "3"] },
        { "/api/curvature?d=digits&m=mlp:2&train=sgd:lr%3D0.5&steps=40&seed=3&top=160", ["curvature", "-d", "digits", "-m", "mlp:2", "--train", "sgd:lr=0.5", "--steps", "40", "--seed", "3", "--top", "160"] },
        { "/api/landscape?d=iris&m=mlp:4&train=adam:lr%3D0.05&steps=30&directions=eigen&grid=5&span=0.5", ["landscape", "-d", "iris", "-m", "mlp:4", "--train", "adam:lr=0.05", "--steps", "30", "--directions", "eigen", "--grid", "5", "--span", "0.5"] },
    };

    [Theory]
    [MemberData(nameof(SameAsTheCommand))]
    public async Task AnswersTheCommandsOwnJson(string path, string[] args)
    {
        var (status, body) = await host.Get(path);
        var command = CliHarness.Run([.. args, "--json"]);
        Assert.Equal(0, command.ExitCode);
        Assert.Equal(200, status);
        Assert.Equal(WithoutTimings(command.Out), WithoutTimings(body));
    }

    [Fact]
    public async Task ABadExpressionIsA400WithTheMessageAndWhereItIs()
    {
        var (status, body) = await host.Get("/api/grid?f=x%5E2%20%2B%20*y");
        Assert.Equal(400, status);
        var command = CliHarness.Run("plot", "-f", "x^2 + *y", "--json");
        Assert.Equal(2, command.ExitCode);
        using var json = JsonDocument.Parse(body);
        string message = json.RootElement.GetProperty("error").GetString()!;
        Assert.StartsWith($"downhill: {message}", command.Error);
        Assert.Equal("x^2 + *y", json.RootElement.GetProperty("text").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("position").GetInt32());
    }

    [Theory]
    [InlineData("/api/minimize?f=rosenbrock&o=adamm", "unknown optimizer 'adamm'")]
    [InlineData("/api/compare?f=rosenbrock&nonsense=1", "unknown option '--nonsense' for compare (downhill help compare lists them)")]
    [InlineData("/api/compare?f=rosenbrock&trace=run.csv", "--trace is not available here: the server writes no files; the answer holds the trace")]
    [InlineData("/api/basins?f=himmelblau&plot=b.svg", "--plot is not available here")]
    [InlineData("/api/sweep?f=rosenbrock&threads=64", "--threads is not available here: the server runs each request on one thread")]
    [InlineData("/api/eval?f=rosenbrock&at=1,2,3", "--at: 3 values given for a function of 2 variables")]
    [InlineData("/api/compare?f=rosenbrock&Bad_Key=1", "'Bad_Key' is not a flag name")]
    [InlineData("/api/landscape?d=digits&weights=w.safetensors", "--weights is not available here: the server reads no files; train the weights here with --train")]
    [InlineData("/api/landscape?d=/etc/passwd&m=mlp:2&train=sgd", "-d: the server trains on the data sets bundled with Downhill (iris, wine, breast-cancer, digits, diabetes), not '/etc/passwd'")]
    [InlineData("/api/landscape?d=digits&m=mlp:1000&train=sgd", "-m: 'mlp:1000'; the server trains networks of at most 3 hidden layers of at most 64 units")]
    [InlineData("/api/landscape?d=digits&m=mlp:5&train=sgd&steps=5000", "--steps: 5000 training steps; the server takes at most 1000")]
    [InlineData("/api/landscape?d=digits&m=mlp:5&train=sgd&grid=101", "--grid: 101 points per side; the server takes at most 41")]
    [InlineData("/api/landscape?d=digits&train=sgd", "--train needs the model to train: -m MODEL (e.g. -m mlp:5)")]
    [InlineData("/api/landscape?d=digits&m=mlp:5", "name the trained weights (--weights FILE) or train them here (--train OPTIMIZER -m MODEL), one of the two")]
    public async Task BadFlagsAre400WithTheCommandsMessage(string path, string message)
    {
        var (status, body) = await host.Get(path);
        Assert.Equal(400, status);
        using var json = JsonDocument.Parse(body);
        Assert.StartsWith(message, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnUnknownEndpointIs404NamingTheEndpoints()
    {
        var (status, body) = await host.Get("/api/train?f=x");
        Assert.Equal(404, status);
        Assert.Contains("/api/compare", body);
    }

    [Fact]
    public async Task TheFigureDownloadIsTheFigureCompareDraws()
    {
        using var response = await host.Client.GetAsync("/api/figure?f=himmelblau&x0=-0.5,4.5&o=gd:lr=0.01&o=adam:lr=0.3&max-iter=100&format=svg");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment; filename=\"downhill.svg\"", response.Content.Headers.ContentDisposition!.ToString());
        string svg = await response.Content.ReadAsStringAsync();
        string file = Path.Combine(Path.GetTempPath(), $"downhill-serve-{Guid.NewGuid():N}.svg");
        try
        {
            var command = CliHarness.Run("compare", "-f", "himmelblau", "--x0=-0.5,4.5", "-o", "gd:lr=0.01", "-o", "adam:lr=0.3", "--max-iter", "100", "--json", "--plot", file);
            Assert.Equal(0, command.ExitCode);
            Assert.Equal(File.ReadAllText(file), svg);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task EveryResponseCarriesAPolicyWithNoInlineScript()
    {
        foreach (string path in new[] { "/", "/playground.js", "/api/functions", "/api/eval?f=oops(" })
        {
            using var response = await host.Client.GetAsync(path);
            string policy = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", policy);
            Assert.DoesNotContain("unsafe-eval", policy);
            Assert.Equal("nosniff", string.Join("", response.Headers.GetValues("X-Content-Type-Options")));
        }
        string page = (await host.Get("/")).Body;
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", page);
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", page);
    }

    [Fact]
    public async Task ThePageAndItsScriptsAreServedAndWeighUnder200Kilobytes()
    {
        long total = 0;
        foreach (string path in new[] { "/", "/playground.js", "/playground.css", "/figure.js", "/figure.css" })
        {
            using var response = await host.Client.GetAsync(path);
            Assert.Equal(200, (int)response.StatusCode);
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }
        Assert.InRange(total, 10_000, 200_000);
    }

    [Fact]
    public async Task ARequestNamingAnotherHostIsRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/functions");
        request.Headers.Host = "attacker.example";
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("answers pages of localhost", await response.Content.ReadAsStringAsync());
    }

    private static string WithoutTimings(string json) => Timing().Replace(json, "$1: 0");

    [GeneratedRegex(@"(""(?:elapsedSeconds|seconds)"")\s*:\s*[-0-9.eE+]+")]
    private static partial Regex Timing();
}
