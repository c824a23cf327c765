using System.Text.Json;
using Downhill.Functions;
using Downhill.Stopping;
using Downhill.Tests.Cli;
using Downhill.Tour;

namespace Downhill.Tests.Tour;

/// <summary>A lesson's "try it in the playground" link holds compare's flags for its runs, and those flags reproduce them.</summary>
public sealed class PlaygroundLinkTests
{
    [Fact]
    public void TheLinkHoldsTheFlagsThatReproduceTheRuns()
    {
        var valley = FunctionResolver.Resolve("valley:kappa=50");
        var rules = TourRuns.Rules(new GradientTolerance(1e-6), new MaxIterations(300));
        var runs = new[]
        {
            TourRuns.Run(valley, [1, 1], "gd:lr=0.03", rules),
            TourRuns.Run(valley, [1, 1], "adam:lr=0.1,beta2=0.99", rules),
            TourRuns.Run(valley, [0, 1], "gd:lr=0.03", rules),   // another start: not part of the race
        };
        var link = PlaygroundLink.From(runs);
        var pairs = link.Fragment.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], Uri.UnescapeDataString(p[1]))).ToList();
        Assert.Equal([("f", "valley:kappa=50"), ("x0", "1,1"), ("o", "gd:lr=0.03"), ("o", "adam:lr=0.1,beta2=0.99"), ("max-iter", "300"), ("grad-tol", "1E-06")], pairs);

        var outcome = CliHarness.Run(["compare", .. pairs.SelectMany(p => new[] { p.Item1.Length == 1 ? "-" + p.Item1 : "--" + p.Item1, p.Item2 }), "--json"]);
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Out);
        for (int k = 0; k < 2; k++)
            Assert.Equal(runs[k].X, json.RootElement[k].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }

    [Fact]
    public void ALinkToRunsKeptToABoxHoldsTheBoundsAndReproducesThem()
    {
        var noisy = FunctionResolver.Resolve("xcos-noisy");
        var restarts = Downhill.Analysis.Landscapes.RandomRestarts.Run(noisy.Objective, Downhill.Optimizers.Methods.Parse("lbfgsb"), new Downhill.Analysis.Landscapes.RestartOptions
        {
            Starts = 4, Seed = 3, Init = new Downhill.Running.UniformStart(), Bounds = TourRuns.Bounds(noisy),
            Run = new Downhill.Running.RunOptions { Stopping = TourRuns.Rules(new GradientTolerance(1e-10), new MaxIterations(1000), new StepTolerance(0)), FunctionName = noisy.Name },
        });
        var best = restarts.Best!;
        var link = PlaygroundLink.From([best]);
        Assert.Equal([(-1.0, 2.0)], link.Bounds);
        Assert.False(link.Constrain);
        var pairs = link.Fragment.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], Uri.UnescapeDataString(p[1]))).ToList();
        Assert.Equal(("bounds", "-1:2"), pairs[^1]);
        var outcome = CliHarness.Run(["compare", .. pairs.SelectMany(p => new[] { p.Item1.Length == 1 ? "-" + p.Item1 : "--" + p.Item1, p.Item2 }), "--json"]);
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.Equal(best.X, json.RootElement[0].GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray());
        // Another method kept to the box needs --constrain; the page's own keys follow the flags.
        Assert.EndsWith("&bounds=-1%3A2&constrain=true&overlays=critical", (link with { Constrain = true, Page = [("overlays", "critical")] }).Fragment);
    }

    [Fact]
    public void TheReportLinksEachLessonWithALinkToThePlayground()
    {
        var outcome = new LessonOutcome
        {
            Number = 7, Title = "The ill-conditioned valley", Claim = "c", Measurements = [], ClaimHolds = true, Conclusion = "done",
            Elapsed = TimeSpan.FromSeconds(1),
            Playground = new PlaygroundLink("rosenbrock", [-1.2, 1], ["adam:lr=0.01"], [("max-iter", 500)]),
        };
        var report = new TourReport([outcome], Quick: true, Seed: 1, TimeSpan.FromSeconds(1));
        Assert.Contains("<a href=\"http://127.0.0.1:8080/#f=rosenbrock&amp;x0=-1.2%2C1&amp;o=adam%3Alr%3D0.01&amp;max-iter=500\">Try it in the playground</a>", report.ToHtml());
        Assert.Contains("[Try it in the playground](http://127.0.0.1:8080/#f=rosenbrock&x0=-1.2%2C1&o=adam%3Alr%3D0.01&max-iter=500)", report.ToMarkdown());
    }
}
