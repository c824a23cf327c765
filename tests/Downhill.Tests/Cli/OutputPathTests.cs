namespace Downhill.Tests.Cli;

/// <summary>Files a command will write are checked before it starts working: a long run never ends in "cannot write".</summary>
public sealed class OutputPathTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-out").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("--plot", "nowhere/figure.svg", "--plot: the folder '{0}/nowhere' does not exist")]
    [InlineData("--trace", "nowhere/trace.csv", "--trace: the folder '{0}/nowhere' does not exist")]
    [InlineData("--plot", ".", "--plot: cannot tell the figure format of '{0}/.': the extension '' is not .svg, .png or .html")]
    [InlineData("--trace", "sub.csv", "--trace: '{0}/sub.csv' is a folder; name a file in it")]
    public void AnUnwritableOutputIsRefusedBeforeTheRun(string option, string path, string message)
    {
        Directory.CreateDirectory(Path.Combine(_folder, "sub.csv"));
        // A run of 10 million iterations would take seconds: the refusal must come first, with nothing printed.
        var outcome = CliHarness.Run("minimize", "-f", "rosenbrock", "--max-iter", "10000000", "--grad-tol", "0", option, Path.Combine(_folder, path));
        Assert.Equal((2, ""), (outcome.ExitCode, outcome.Out));
        Assert.Equal("downhill: " + string.Format(message, _folder), outcome.Error.TrimEnd());
    }

    [Fact]
    public void ACheckpointFolderMayBeNewButItsParentMustExist()
    {
        var outcome = CliHarness.Run("train", "-d", "iris", "-m", "softmax", "--epochs", "1", "--checkpoint", Path.Combine(_folder, "a", "b"));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal($"downhill: --checkpoint: the folder '{Path.Combine(_folder, "a")}' does not exist", outcome.Error.TrimEnd());
        Assert.Equal(0, CliHarness.Run("train", "-d", "iris", "-m", "softmax", "--epochs", "1", "--quiet", "--checkpoint", Path.Combine(_folder, "a")).ExitCode);
        Assert.Empty(Directory.GetFiles(_folder, ".downhill-write-check*", SearchOption.AllDirectories));
    }

    [Fact]
    public void TheTourChecksItsFolderFirst()
    {
        File.WriteAllText(Path.Combine(_folder, "report"), "");
        var outcome = CliHarness.Run("tour", "--quick", "--out", Path.Combine(_folder, "report"));
        Assert.Equal((2, ""), (outcome.ExitCode, outcome.Out));
        Assert.Equal($"downhill: --out: '{Path.Combine(_folder, "report")}' is a file, not a folder", outcome.Error.TrimEnd());
    }
}
