using System.Text.Json;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Learning;

public class TrainCommandTests
{
    [Fact]
    public void JsonHasExactlyTheDocumentedSchema()
    {
        var run = CliHarness.Run("train", "--data", "iris", "--model", "softmax", "-o", "sgd:lr=0.1,momentum=0.9",
            "--epochs", "3", "--batch", "16", "--val", "0.2", "--seed", "1", "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(["epochs", "test", "stop", "stopDetail", "checks"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var epochs = json.RootElement.GetProperty("epochs").EnumerateArray().ToList();
        Assert.Equal(3, epochs.Count);
        Assert.Equal(["epoch", "trainLoss", "trainAccuracy", "valLoss", "valAccuracy", "lr", "seconds"],
            epochs[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([1, 2, 3], epochs.Select(e => e.GetProperty("epoch").GetInt32()));
        Assert.All(epochs, e => Assert.Equal(0.1, e.GetProperty("lr").GetDouble()));
        Assert.True(epochs[2].GetProperty("trainLoss").GetDouble() < epochs[0].GetProperty("trainLoss").GetDouble());
        var test = json.RootElement.GetProperty("test");
        Assert.Equal(["loss", "accuracy"], test.EnumerateObject().Select(p => p.Name));
        Assert.InRange(test.GetProperty("accuracy").GetDouble(), 0.8, 1.0);
        Assert.Equal("max-iter", json.RootElement.GetProperty("stop").GetString());
        Assert.Equal("all 3 epochs done", json.RootElement.GetProperty("stopDetail").GetString());
        // Each rule's measurement beside its threshold, as minimize reports them; divergence watches the validation loss.
        var checks = json.RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => (c.GetProperty("rule").GetString(), c.GetProperty("measured").GetDouble(), c.GetProperty("threshold").GetDouble(), c.GetProperty("met").GetBoolean()))
            .ToList();
        Assert.Equal([("diverged", epochs[2].GetProperty("valLoss").GetDouble(), 1e100, false), ("max-iter", 3, 3, true), ("cancelled", 0, 1, false)], checks);
    }

    [Fact]
    public void TextOutputShowsEpochsGapTestAndStopReason()
    {
        var run = CliHarness.Run("train", "-d", "wine", "-m", "mlp:16:tanh", "-o", "adam:lr=0.01", "--epochs", "4",
            "--val", "0.25", "--schedule", "step:step_size=2,gamma=0.5");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("wine: 106 training, 36 validation, 36 test rows × 13 features (standardized), 3 classes", run.Out);
        Assert.Contains("epoch  train loss  train acc    val loss    val acc         gap", run.Out);
        Assert.Contains("test: loss", run.Out);
        Assert.Contains("stopped: max-iter (all 4 epochs done)", run.Out);
        Assert.Matches(@"│ max-iter\s+│\s+4 │\s+4 │ yes │", run.Out);
        Assert.Matches(@"│ cancelled\s+│\s+0 │\s+1 │ no  │", run.Out);
        // step:step_size=2,gamma=0.5 — epochs 1–2 at 0.01, 3–4 at 0.005.
        var rates = run.Out.Split('\n').Where(l => l.TrimStart().Length > 0 && char.IsDigit(l.TrimStart()[0]))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[6]).ToList();
        Assert.Equal(["0.01", "0.01", "0.005", "0.005"], rates);
    }

    [Fact]
    public void StandardizeCentresImagePixelsOnRequest()
    {
        string[] common = ["train", "-d", "fashion-mnist", "-m", "softmax", "--epochs", "1", "--batch", "2000"];
        var pixels = CliHarness.Run(common);
        var standardized = CliHarness.Run([.. common, "--standardize"]);
        Assert.Equal(0, pixels.ExitCode);
        Assert.Equal(0, standardized.ExitCode);
        Assert.Contains("fashion-mnist: 60,000 training, 10,000 test rows × 784 features, 10 classes", pixels.Out);
        Assert.Contains("fashion-mnist: 60,000 training, 10,000 test rows × 784 features (standardized), 10 classes", standardized.Out);
    }

    [Fact]
    public void LeastSquaresAndGradientDescentAgreeOnDiabetes()
    {
        var run = CliHarness.Run("train", "-d", "diabetes", "-m", "linear", "-o", "sgd:lr=0.1", "--batch", "1000",
            "--epochs", "3000", "--least-squares", "--json");
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var ls = json.RootElement.GetProperty("leastSquares");
        double closed = ls.GetProperty("closedFormRss").GetDouble();
        double descent = ls.GetProperty("gradientDescentRss").GetDouble();
        // Full-batch gradient descent converges to the least-squares solution: within 0.1% of its RSS; never below it
        // beyond float32 rounding of the weights.
        Assert.InRange(ls.GetProperty("relativeRssGap").GetDouble(), -1e-6, 1e-3);
        Assert.True(descent >= closed * (1 - 1e-6));
    }

    [Fact]
    public void CheckpointAndResumeFromTheCommand()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"downhill-cli-{Guid.NewGuid():N}");
        try
        {
            string[] common = ["train", "-d", "iris", "-m", "mlp:8", "-o", "adam:lr=0.01", "--seed", "2", "--checkpoint", dir, "--json"];
            var straight = CliHarness.Run([.. common[..^3], "--epochs", "2", "--json"]);
            var first = CliHarness.Run([.. common, "--epochs", "1"]);
            var resumed = CliHarness.Run([.. common, "--epochs", "2", "--resume"]);
            Assert.Equal(0, first.ExitCode);
            Assert.Equal(0, resumed.ExitCode);
            static double[] Losses(string json) => JsonDocument.Parse(json).RootElement.GetProperty("epochs").EnumerateArray()
                .Select(e => e.GetProperty("trainLoss").GetDouble()).Append(JsonDocument.Parse(json).RootElement.GetProperty("test").GetProperty("loss").GetDouble()).ToArray();
            Assert.Equal(Losses(straight.Out), Losses(resumed.Out));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--model", "mlp:0,3", "hidden width '0' is not a positive whole number")]
    [InlineData("--model", "perceptron", "unknown model 'perceptron'")]
    [InlineData("--model", "linear", "linear is a regression model")]
    [InlineData("-o", "adamm", "unknown optimizer 'adamm'")]
    [InlineData("--schedule", "cosine", "cosine needs T_max")]
    [InlineData("--init", "uniform", "unknown initializer 'uniform'")]
    [InlineData("--data", "nope", "unknown data set 'nope'")]
    [InlineData("--batch", "0", "--batch must be at least 1, not 0")]
    [InlineData("--epochs", "0", "--epochs must be at least 1, not 0")]
    [InlineData("--threads", "0", "--threads must be between 1 and 256, not 0")]
    [InlineData("--resume", "true", "--resume needs --checkpoint, the folder to resume from")]
    [InlineData("--patience", "0", "--patience must be at least 1, not 0")]
    public void BadInputIsOneClearLineAndExit2(string option, string value, string message)
    {
        var args = new Dictionary<string, string> { ["--data"] = "iris", ["--model"] = "softmax", ["--epochs"] = "1" };
        args[option] = value;
        var run = CliHarness.Run(["train", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public void PlotWritesAnSvgOfTheCurves()
    {
        string path = Path.Combine(Path.GetTempPath(), $"downhill-curves-{Guid.NewGuid():N}.svg");
        try
        {
            var run = CliHarness.Run("train", "-d", "iris", "-m", "softmax", "--epochs", "3", "--val", "0.2", "--plot", path);
            Assert.Equal(0, run.ExitCode);
            string svg = File.ReadAllText(path);
            Assert.Contains("<svg", svg);
            // Two lines (train, validation) in each of two panels (loss, accuracy), three epochs each.
            var lines = System.Text.RegularExpressions.Regex.Matches(svg, "<path d=\"M[^\"]*L[^\"]*L[^\"]*\" fill=\"none\"");
            Assert.Equal(4, lines.Count);
            Assert.Contains(">validation<", svg);
            Assert.Contains(">accuracy<", svg);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
