namespace Downhill.Tests.Cli;

public class ExitCodeTests
{
    [Fact]
    public void UnknownCommandIsBadInputWithOneLine()
    {
        var outcome = CliHarness.Run("no-such-command");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("no-such-command", outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", outcome.Error);
    }

    [Fact]
    public void UnknownOptionIsBadInput()
    {
        var outcome = CliHarness.Run("about", "--bogus");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--bogus", outcome.Error);
    }
}
