using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Downhill.Tests.Cli;
using Downhill.Tour;

namespace Downhill.Tests.Serve;

/// <summary>
/// <c>downhill serve --tour DIR</c> serves the report the tour wrote at /tour/: every figure it shows or links answers,
/// each interactive figure may run its own inline script (and no other), and the playground links point at this server.
/// </summary>
public sealed partial class ServeTourTests
{
    [Fact]
    public async Task TheTourReportIsServedWithItsFiguresAndPlaygroundLinksToThisServer()
    {
        string folder = Path.Combine(Path.GetTempPath(), "downhill-serve-tour-" + Guid.NewGuid().ToString("N"));
        try
        {
            Course.Run(new TourOptions { OutputDirectory = folder, Quick = true, Only = [1, 2] });
            var host = new PlaygroundHost { TourFolder = folder };
            await host.InitializeAsync();
            try
            {
                using var response = await host.Client.GetAsync("/tour");
                Assert.Equal(200, (int)response.StatusCode);
                Assert.Equal("/tour/", response.RequestMessage!.RequestUri!.AbsolutePath);
                Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
                string report = await response.Content.ReadAsStringAsync();
                Assert.Contains("<h1>Downhill — the course, run and drawn</h1>", report);

                // The playground links are this server's page, with each lesson's settings.
                var links = PlaygroundLinks().Matches(report).Select(m => m.Groups[1].Value).ToList();
                Assert.Equal(2, links.Count);
                Assert.All(links, l => Assert.StartsWith("/#f=parabola&amp;x0=-0.8&amp;o=gd", l));
                Assert.DoesNotContain(PlaygroundState.DefaultPlayground, report);
                // Nor does it ask its reader to start the server that serves it.
                Assert.DoesNotContain(PlaygroundState.ServeFirstHtml, report);
                Assert.Contains("Try it in the playground</a>: the same experiment, live", report);
                // And the playground links the tour back.
                var (status, page) = await host.Get("/");
                Assert.Equal(200, status);
                Assert.Contains("<a id=\"tour-link\" href=\"/tour/\">The tour</a>", page);

                // Every figure the report shows or links answers, as the file the tour wrote.
                var figures = Figures().Matches(report).Select(m => m.Groups[1].Value).Distinct().ToList();
                Assert.Equal(Directory.GetFiles(Path.Combine(folder, Course.FigureFolder)).Length, figures.Count);
                Assert.NotEmpty(figures);
                foreach (string figure in figures)
                {
                    using var answer = await host.Client.GetAsync("/tour/" + figure);
                    Assert.Equal(200, (int)answer.StatusCode);
                    string body = await answer.Content.ReadAsStringAsync();
                    Assert.Equal(File.ReadAllText(Path.Combine(folder, figure)), body);
                    if (!figure.EndsWith(".html", StringComparison.Ordinal))
                    {
                        Assert.Equal("image/svg+xml", answer.Content.Headers.ContentType!.MediaType);
                        continue;
                    }
                    // The interactive figure's own script, and only it, is allowed by its hash.
                    string script = InlineScript().Match(body).Groups[1].Value;
                    string hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)));
                    string policy = string.Join("", answer.Headers.GetValues("Content-Security-Policy"));
                    Assert.Contains($"script-src 'self' 'sha256-{hash}';", policy);
                    Assert.DoesNotContain("unsafe-eval", policy);
                }
                var (missing, problem) = await host.Get("/tour/figures/lesson99-nothing.svg");
                Assert.Equal(404, missing);
                Assert.Contains("the tour has no figure 'lesson99-nothing.svg'", problem);
            }
            finally
            {
                await host.DisposeAsync();
            }
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutATourTheTourPageSaysHowToHaveOneAndThePageHidesItsLink()
    {
        var host = new PlaygroundHost();
        await host.InitializeAsync();
        try
        {
            var (status, body) = await host.Get("/tour/");
            Assert.Equal(404, status);
            Assert.Contains("<code>downhill serve --tour tour</code>", body);
            // The page's link to the tour stays hidden.
            Assert.Contains("<a id=\"tour-link\" href=\"/tour/\" hidden>The tour</a>", (await host.Get("/")).Body);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public void AFolderWithoutAReportIsRefusedBeforeTheServerStarts()
    {
        string folder = Path.Combine(Path.GetTempPath(), "downhill-no-tour-" + Guid.NewGuid().ToString("N"));
        var outcome = CliHarness.Run("serve", "--port", "0", "--tour", folder);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"downhill: --tour: '{folder}' holds no report.html; write the tour there first with downhill tour --out {folder}", outcome.Error.Trim());
        Assert.DoesNotContain("Downhill playground", outcome.Out);
    }

    [GeneratedRegex("<a href=\"(/#[^\"]*)\">Try it in the playground</a>")]
    private static partial Regex PlaygroundLinks();

    [GeneratedRegex("(?:src|href)=\"(figures/[^\"]+)\"")]
    private static partial Regex Figures();

    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
