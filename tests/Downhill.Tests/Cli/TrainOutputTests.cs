using Downhill.Cli;

namespace Downhill.Tests.Cli;

/// <summary>train's epoch lines: every epoch of a short run, every k-th of a long one (first and last always), none with --quiet.</summary>
public sealed class TrainOutputTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(20, 1)]
    [InlineData(21, 2)]
    [InlineData(100, 5)]
    [InlineData(3000, 200)]
    [InlineData(1_000_000, 50_000)]
    public void TheStrideKeepsTheLinesToAScreenful(int epochs, int stride)
    {
        Assert.Equal((long)stride, TrainReport.EpochStride(epochs));
        Assert.True((epochs + stride - 1) / stride <= TrainReport.ScreenfulOfEpochs);
    }

    [Fact]
    public void ALongRunShowsEveryKthEpochWithTheFirstAndTheLast()
    {
        var outcome = CliHarness.Run("train", "-d", "iris", "-m", "softmax", "-o", "sgd:lr=0.1", "--epochs", "47", "--batch", "120");
        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Error));
        var lines = outcome.Out.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("every 5th epoch shown, and the first and the last (--json has them all)", lines);
        var epochs = lines.SkipWhile(l => !l.StartsWith("epoch ", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Length > 0 && char.IsWhiteSpace(l[0])).Select(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])).ToList();
        Assert.Equal([1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 47], epochs);
    }

    [Fact]
    public void QuietPrintsTheOutcomeOnly()
    {
        var outcome = CliHarness.Run("train", "-d", "iris", "-m", "softmax", "--epochs", "3", "--quiet");
        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Error));
        var lines = outcome.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.StartsWith("test: loss ", lines[0]);
        Assert.Equal("stopped: max-iter (all 3 epochs done)", lines[1]);
    }
}
