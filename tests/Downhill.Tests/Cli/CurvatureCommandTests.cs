using System.Text.Json;
using Downhill.Learning;
using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Running;

namespace Downhill.Tests.Cli;

/// <summary>
/// `downhill curvature` and `train --save/--load` end to end: the eigenvalues against a dense decomposition, the JSON
/// fields, the findings, and every kind of bad input of the issue (one line, exit 2; a NaN loss is a result).
/// </summary>
public sealed class CurvatureCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-curvature-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>An iris network saved as `train --save` would, without training (weights from the seed).</summary>
    private string SavedIrisModel(string spec = "mlp:6:tanh", Action<Model>? change = null)
    {
        var model = Model.Create(spec, 4, 3);
        model.Initialize(Initializer.Torch, new SeededRandom(5));
        change?.Invoke(model);
        string path = PathOf($"{spec.Replace(':', '_').Replace(',', '_')}-{Guid.NewGuid():N}.safetensors");
        ModelFile.Save(path, model, new ModelProvenance(null, "iris", 0, 0));
        return path;
    }

    private static JsonElement Json(CliHarness.Outcome outcome)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        return JsonDocument.Parse(outcome.Out).RootElement;
    }

    [Fact]
    public void TrainedWeightsGiveTheDenseEigenvaluesAndSayWhatTheyMean()
    {
        string weights = PathOf("iris.safetensors");
        var train = CliHarness.Run("train", "-d", "iris", "-m", "mlp:6:tanh", "-o", "adam:lr=0.05", "--epochs", "20", "--batch", "120",
            "--threads", "1", "--save", weights);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains($"wrote {weights}", train.Out);

        var text = CliHarness.Run("curvature", "-d", "iris", "--weights", weights, "--top", "3", "--bottom", "3", "--trace", "--threads", "1");
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("iris, train split: 120 of 120 rows", text.Out);
        Assert.Contains("model mlp:6:tanh (4 → 6 → 3, tanh, cross-entropy), 51 parameters", text.Out);
        Assert.Contains("largest stable learning rate for plain gradient descent ≈ 2/λmax = ", text.Out);
        Assert.Contains("smallest eigenvalues", text.Out);

        var json = Json(CliHarness.Run("curvature", "-d", "iris", "--weights", weights, "--top", "3", "--bottom", "3", "--trace",
            "--density", "--precision", "float64", "--tol", "1e-8", "--json", "--threads", "1"));
        Assert.Equal(51, json.GetProperty("parameters").GetInt32());
        Assert.Equal("float64", json.GetProperty("precision").GetString());
        double[] top = json.GetProperty("top").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        double[] bottom = json.GetProperty("bottom").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        // The same weights, data (standardized as the file says) and loss, decomposed densely from 51 products.
        var saved = ModelFile.Load(weights);
        var data = DatasetCatalog.Load("iris", new DataLocator(), 0, 0, standardize: false).Standardized(saved.Provenance.Standardization).Train;
        using var loss = new NetworkLoss(saved.Model, data, new NetworkLossOptions { Precision = Precision.Float64 });
        double[] exact = global::Downhill.Analysis.Curvature.Eigen(DenseSymmetricOperator.Assemble(loss.Hessian(loss.Parameters())).Matrix.ToArray(), 51).Values;
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(exact[^(k + 1)], top[k], 1e-6 * Math.Abs(exact[^1]));
            Assert.Equal(exact[k], bottom[k], 1e-6 * Math.Abs(exact[^1]));
        }
        Assert.Equal(loss.Evaluate(loss.Parameters()).Loss, json.GetProperty("loss").GetDouble(), 1e-12);
        var trace = json.GetProperty("trace");
        Assert.True(Math.Abs(trace.GetProperty("estimate").GetDouble() - exact.Sum()) <= 3 * trace.GetProperty("stderr").GetDouble());
        var density = json.GetProperty("density");
        Assert.Equal(density.GetProperty("x").GetArrayLength(), density.GetProperty("y").GetArrayLength());
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetString()!.StartsWith("largest stable learning rate", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("reason").ValueKind);
    }

    [Fact]
    public void LoadStartsTrainingFromTheSavedWeights()
    {
        string first = PathOf("first.safetensors"), again = PathOf("again.safetensors");
        Assert.Equal(0, CliHarness.Run("train", "-d", "wine", "-m", "mlp:5:relu", "--epochs", "2", "--save", first).ExitCode);
        // A step of size zero keeps every weight: what is saved again is exactly what was loaded.
        var run = CliHarness.Run("train", "-d", "wine", "-m", "mlp:5:relu", "-o", "sgd:lr=0", "--epochs", "1", "--load", first, "--save", again);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(again));
        var other = CliHarness.Run("train", "-d", "wine", "-m", "mlp:6:relu", "--epochs", "1", "--load", first);
        Assert.Equal(2, other.ExitCode);
        Assert.Contains("holds mlp:5:relu (13 → 5 → 3, relu, cross-entropy), not the model asked for, mlp:6:relu", other.Error);
    }

    [Fact]
    public void ALayerBlockABatchWithItsSpreadAndTheDenseRouteForAWholeSpectrum()
    {
        string weights = SavedIrisModel();
        var layer = Json(CliHarness.Run("curvature", "-d", "iris", "--weights", weights, "--layer", "2", "--top", "2", "--json"));
        Assert.Equal(6 * 3 + 3, layer.GetProperty("dimension").GetInt32());
        Assert.Equal("layer 2 (weights and bias)", layer.GetProperty("block").GetString());

        var batch = Json(CliHarness.Run("curvature", "-d", "iris", "--weights", weights, "--batch", "20", "--top", "1", "--json"));
        Assert.Equal(20, batch.GetProperty("rows").GetInt32());
        Assert.Equal(5, batch.GetProperty("spread").GetProperty("largest").GetArrayLength());

        var dense = CliHarness.Run("curvature", "-d", "iris", "--weights", weights, "--top", "40", "--bottom", "11");
        Assert.True(dense.ExitCode == 0, dense.Error);
        Assert.Contains("51 eigenvalues asked of 51: all 51 were computed exactly, from the Hessian assembled by 51 products and decomposed densely", dense.Out);
    }

    [Fact]
    public void AFunctionOfAHundredThousandVariables()
    {
        var json = Json(CliHarness.Run("curvature", "-f", "rastrigin", "--dim", "100000", "--at=0.1", "--top", "1", "--bottom", "1", "--json"));
        Assert.Equal(100_000, json.GetProperty("parameters").GetInt32());
        // Rastrigin's Hessian is diagonal, 2 + 40π²·cos(2πxᵢ) on it: at xᵢ = 0.1 every eigenvalue is that one number.
        double exact = 2 + 40 * Math.PI * Math.PI * Math.Cos(0.2 * Math.PI);
        Assert.Equal(exact, json.GetProperty("top")[0].GetDouble(), 1e-9 * exact);
        Assert.Equal(exact, json.GetProperty("bottom")[0].GetDouble(), 1e-9 * exact);
        Assert.Equal("converged", json.GetProperty("completion").GetString());
    }

    [Fact]
    public void ALossThatIsNotFiniteAtTheWeightsIsAResultWithItsReason()
    {
        string weights = SavedIrisModel(change: m => m.Layers[0].Weight.Value.Span[0] = float.NaN);
        var outcome = CliHarness.Run("curvature", "-d", "iris", "--weights", weights, "--top", "2");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("no curvature: the loss at these weights is NaN", outcome.Out);
        var json = Json(CliHarness.Run("curvature", "-d", "iris", "--weights", weights, "--json"));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("top").ValueKind);
        Assert.StartsWith("the loss at these weights is NaN", json.GetProperty("reason").GetString());
    }

    public static TheoryData<string, string[], string> BadInput => new()
    {
        { "text", ["--top", "2"], "is not a safetensors file of float32 tensors" },
        { "truncated", ["--top", "2"], "(the file is truncated)" },
        { "good", ["-m", "mlp:7:tanh"], "holds mlp:6:tanh (4 → 6 → 3, tanh, cross-entropy), not the model asked for, mlp:7:tanh" },
        { "good", ["--top", "0"], "--top must be a positive number of eigenvalues, not 0" },
        { "good", ["--bottom", "-3"], "--bottom must be a positive number of eigenvalues, not -3" },
        { "big", ["--top", "5000"], "--top and --bottom ask for 5,000 eigenvalues of 4,675: the whole spectrum is computed (densely) only up to 2,000 parameters" },
        { "good", ["--layer", "3"], "--layer: the model has layers 1 to 2, not 3" },
        { "good", ["--split", "valid"], "--split: expected train, test or all, not 'valid'" },
        { "good", ["--precision", "float16"], "--precision: expected float32 or float64, not 'float16'" },
        { "wine", ["--top", "2"], "takes 4 features; wine has 13" },
        { "missing", ["--top", "2"], "does not exist" },
    };

    /// <summary>Each a single line on stderr naming what is wrong, exit 2, and never a stack trace.</summary>
    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineAndExit2(string file, string[] arguments, string expected)
    {
        string weights = file switch
        {
            "text" => Write("notes.safetensors", "epoch,loss\n1,0.5\n"u8.ToArray()),
            "truncated" => Write("cut.safetensors", File.ReadAllBytes(SavedIrisModel())[..^7]),
            "big" => SavedIrisModel("mlp:64,64"),
            "missing" => PathOf("none.safetensors"),
            _ => SavedIrisModel(),
        };
        string data = file == "wine" ? "wine" : "iris";
        var outcome = CliHarness.Run(["curvature", "-d", data, "--weights", weights, .. arguments]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("   at ", outcome.Error);
    }

    [Fact]
    public void DataWithoutTheLabelColumnIsNamed()
    {
        string csv = Write("rows.csv", "a,b,c,d,kind\n1,2,3,4,x\n2,3,4,5,y\n3,4,5,6,x\n4,5,6,7,y\n5,6,7,8,x\n"u8.ToArray());
        var outcome = CliHarness.Run("curvature", "-d", csv, "--label", "species", "--weights", SavedIrisModel());
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("species", outcome.Error);
        Assert.Single(outcome.Error.TrimEnd().Split('\n'));
    }

    private string Write(string name, byte[] bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
