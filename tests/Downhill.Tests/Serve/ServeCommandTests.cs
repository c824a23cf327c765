using System.Diagnostics;
using System.Text.RegularExpressions;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Serve;

/// <summary><c>downhill serve</c> as a process: it prints its URL, answers there, and stops cleanly on Ctrl+C or a plain kill.</summary>
public sealed partial class ServeCommandTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task ItServesUntilSignalledThenStopsCleanly(string signal)
    {
        // A child inherits an ignored SIGINT (a test run started in the background has one), and .NET then leaves it
        // ignored, as a shell's background job should: env gives the command the default disposition, as a terminal does.
        using var serve = CliProcess.Start(["serve", "--port", "0"], ["env", "--default-signal=INT"]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Match url;
        while (!(url = Url().Match(serve.Out)).Success)
        {
            Assert.True(DateTime.UtcNow < deadline && !serve.Process.HasExited, $"no URL printed: {serve.Out} {serve.Error}");
            await Task.Delay(50);
        }
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) })
            Assert.Contains("Downhill playground", await client.GetStringAsync(url.Groups[1].Value));
        using (var kill = Process.Start("kill", ["-" + signal, serve.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        var outcome = serve.Wait(TimeSpan.FromSeconds(60));
        Assert.Equal(0, outcome.ExitCode);
        Assert.EndsWith("stopped", outcome.Out.TrimEnd());
        Assert.Equal("", outcome.Error);
    }

    [GeneratedRegex(@"Downhill playground: (http://\S+/)")]
    private static partial Regex Url();
}
