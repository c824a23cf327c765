using System.Text.Json;

namespace Downhill.Tests.Cli;

/// <summary>`train --curvature-every N`: λmax and λmin in the epoch table, the JSON and the figure; bad N is one line.</summary>
public sealed class TrainCurvatureEveryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-train-curvature-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TheEpochsMeasuredCarryLambdaMaxAndMinInTheTableTheJsonAndTheFigure()
    {
        string[] run = ["train", "-d", "iris", "-m", "mlp:5:tanh", "-o", "sgd:lr=0.2", "--batch", "120", "--epochs", "4", "--curvature-every", "2", "--threads", "1"];
        string svg = Path.Combine(_folder, "curves.svg");
        var text = CliHarness.Run([.. run, "--plot", svg]);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Matches(@"(?m)^epoch  train loss .*  time        λmax        λmin$", text.Out);
        Assert.Matches(@"(?m)^    1  .* s           —           —$", text.Out);
        Assert.Matches(@"(?m)^    2  .* s  +-?\d[\d.e+-]*  +-?\d[\d.e+-]*$", text.Out);
        string figure = File.ReadAllText(svg);
        Assert.Contains("curvature of the training loss", figure);
        Assert.Contains("2/lr", figure);

        var json = JsonDocument.Parse(CliHarness.Run([.. run, "--json"]).Out).RootElement.GetProperty("epochs");
        Assert.Equal(JsonValueKind.Null, json[0].GetProperty("lambdaMax").ValueKind);
        double largest = json[1].GetProperty("lambdaMax").GetDouble(), smallest = json[1].GetProperty("lambdaMin").GetDouble();
        Assert.True(largest > 0 && smallest < largest, $"λmax {largest}, λmin {smallest}");
        Assert.Equal(JsonValueKind.Number, json[3].GetProperty("lambdaMax").ValueKind);
    }

    [Fact]
    public void ZeroEpochsBetweenMeasurementsIsOneLineAndExit2()
    {
        var outcome = CliHarness.Run("train", "-d", "iris", "-m", "mlp:5:tanh", "--epochs", "2", "--curvature-every", "0");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("downhill: --curvature-every must be at least 1 epoch, not 0", outcome.Error.Trim());
    }
}
