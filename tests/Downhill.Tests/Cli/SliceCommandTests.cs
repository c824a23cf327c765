using System.Text.Json;
using Downhill.Learning;
using Downhill.Learning.Models;
using Downhill.Running;

namespace Downhill.Tests.Cli;

/// <summary>
/// `downhill landscape` end to end on weights `train` saved: the JSON grid, the line from `--save-initial`'s weights,
/// the figure, and bad input (one line, exit 2).
/// </summary>
public sealed class SliceCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-slice-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static JsonElement Json(CliHarness.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        return JsonDocument.Parse(outcome.Out).RootElement;
    }

    [Fact]
    public void TrainSavesTheInitialAndTrainedWeightsAndLandscapeSlicesBetweenAndAroundThem()
    {
        string initial = PathOf("init.safetensors"), trained = PathOf("iris.safetensors");
        var train = CliHarness.Run("train", "-d", "iris", "-m", "mlp:6:tanh", "-o", "adam:lr=0.05", "--epochs", "15", "--batch", "120",
            "--threads", "1", "--save-initial", initial, "--save", trained);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains($"wrote {initial}", train.Out);
        // The initial weights are the seed's draws: a second run writes the same bytes.
        string again = PathOf("again.safetensors");
        Assert.Equal(0, CliHarness.Run("train", "-d", "iris", "-m", "mlp:6:tanh", "--epochs", "1", "--save-initial", again).ExitCode);
        Assert.Equal(File.ReadAllBytes(initial), File.ReadAllBytes(again));

        var plane = Json(CliHarness.Run("landscape", "-d", "iris", "--weights", trained, "--grid", "5", "--span", "0.5", "--threads", "1", "--json"));
        Assert.Equal("random", plane.GetProperty("directions").GetString());
        Assert.Equal([-0.5, -0.25, 0, 0.25, 0.5], plane.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()));
        var train5 = plane.GetProperty("train");
        Assert.Equal(120, train5.GetProperty("rows").GetInt32());
        Assert.Equal(5, train5.GetProperty("loss").GetArrayLength());
        Assert.Equal(train5.GetProperty("trainedLoss").GetDouble(), train5.GetProperty("loss")[2][2].GetDouble());
        Assert.Equal(30, plane.GetProperty("test").GetProperty("rows").GetInt32());
        Assert.Equal(25, plane.GetProperty("evaluated").GetInt32());
        Assert.Equal(JsonValueKind.Null, plane.GetProperty("reason").ValueKind);

        var line = Json(CliHarness.Run("landscape", "-d", "iris", "--weights", trained, "--from", initial, "--grid", "5", "--threads", "1", "--json"));
        Assert.Equal("line", line.GetProperty("directions").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("y").ValueKind);
        var losses = line.GetProperty("train").GetProperty("loss")[0];
        Assert.Equal(line.GetProperty("train").GetProperty("initialLoss").GetDouble(), losses[1].GetDouble(), 1e-6);
        Assert.Equal(line.GetProperty("train").GetProperty("trainedLoss").GetDouble(), losses[3].GetDouble(), 1e-5);
        Assert.True(losses[3].GetDouble() < losses[1].GetDouble());

        string svg = PathOf("slice.svg");
        var drawn = CliHarness.Run("landscape", "-d", "iris", "--weights", trained, "--directions", "eigen", "--grid", "7", "--span", "0.2", "--plot", svg);
        Assert.True(drawn.ExitCode == 0, drawn.Error);
        Assert.Contains("slice along the Hessian's top two eigenvectors: 7 × 7 points", drawn.Out);
        Assert.Contains("the directions are the Hessian's top eigenvectors, λ = ", drawn.Out);
        Assert.Contains("trained weights", File.ReadAllText(svg));
    }

    [Fact]
    public void EigenvectorPicksTheKthFromEitherEndAndTheLossCurvesByItsEigenvalueAlongIt()
    {
        string weights = Saved("mlp:6:tanh");
        const double h = 1e-3;
        string[] common = ["landscape", "-d", "iris", "--weights", weights, "--grid", "3", "--span", "0.001", "--precision", "float64", "--threads", "1"];
        double Curvature(JsonElement slice)
        {
            var loss = slice.GetProperty("train").GetProperty("loss")[0];
            return (loss[0].GetDouble() - 2 * loss[1].GetDouble() + loss[2].GetDouble()) / (h * h);
        }
        var values = new Dictionary<string, double>();
        foreach (string choice in (string[])["top:1", "top:2", "bottom:1", "bottom:2"])
        {
            var slice = Json(CliHarness.Run([.. common, "--axes", "1", "--eigenvector", choice, "--json"]));
            Assert.Equal("eigen", slice.GetProperty("directions").GetString());
            Assert.Equal(choice, slice.GetProperty("eigenvector").GetString());
            double lambda = values[choice] = slice.GetProperty("eigenvalues")[0].GetDouble();
            Assert.Equal(lambda, Curvature(slice), 1e-4 * Math.Max(1, Math.Abs(lambda)));
        }
        Assert.True(values["top:1"] >= values["top:2"] && values["top:2"] > values["bottom:2"] && values["bottom:2"] >= values["bottom:1"]);
        var text = CliHarness.Run([.. common, "--eigenvector", "bottom:2"]);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("slice along the Hessian's eigenvectors of its 2nd smallest and 3rd smallest eigenvalues: 3 × 3 points", text.Out);
    }

    public static TheoryData<string[], string> BadInput => new()
    {
        { ["--grid", "1"], "--grid must be 2 to 401 points per axis, not 1" },
        { ["--span", "0"], "--span must be a positive number, not 0" },
        { ["--axes", "3"], "--axes must be 1 or 2, not 3" },
        { ["--directions", "pca"], "--directions: expected random or eigen, not 'pca'" },
        { ["--from", "OTHER", "--grid", "5"], "holds mlp:4:tanh (4 → 4 → 3, tanh, cross-entropy), not the model asked for, mlp:6:tanh" },
        { ["--from", "SELF", "--directions", "eigen"], "--from slices along the line from its weights; --directions does not apply" },
        { ["--rows", "0"], "--rows must be at least 1, not 0" },
        { ["--eigenvector", "middle:2"], "--eigenvector: expected top:K or bottom:K (K = 1, 2, …), not 'middle:2'" },
        { ["--eigenvector", "top:0"], "--eigenvector rank must be at least 1, not 0" },
        { ["--eigenvector", "bottom:51"], "52 eigenvectors of a model with 51 parameters" },
        { ["--directions", "random", "--eigenvector", "bottom:1"], "--eigenvector picks an eigen slice's directions; random directions do not use it" },
        { ["--plot-kind", "bars"], "--plot-kind: expected contour or surface, not 'bars'" },
    };

    /// <summary>Each a single line on stderr naming what is wrong, exit 2, and never a stack trace.</summary>
    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineAndExit2(string[] arguments, string expected)
    {
        string weights = Saved("mlp:6:tanh");
        string[] resolved = arguments.Select(a => a switch { "OTHER" => Saved("mlp:4:tanh"), "SELF" => weights, _ => a }).ToArray();
        var outcome = CliHarness.Run(["landscape", "-d", "iris", "--weights", weights, .. resolved]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", outcome.Error);
    }

    private string Saved(string spec)
    {
        var model = Model.Create(spec, 4, 3);
        model.Initialize(Initializer.Torch, new SeededRandom(5));
        string path = PathOf($"{spec.Replace(':', '_')}-{Guid.NewGuid():N}.safetensors");
        ModelFile.Save(path, model, new ModelProvenance(null, "iris", 0, 0));
        return path;
    }
}
