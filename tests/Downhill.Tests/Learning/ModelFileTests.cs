using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Downhill.Learning;
using Downhill.IO;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Tests.Learning;

/// <summary>
/// Model files in the safetensors format, against PyTorch both ways (tools/reference/safetensors_torch.py: torch loads
/// Downhill's file into the nn.Sequential its metadata names, and writes one of its own), and under bad input.
/// </summary>
public class ModelFileTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    private static JsonElement Reference => JsonDocument.Parse(File.ReadAllText(Fixture("safetensors.json"))).RootElement;

    /// <summary>The model's logits on rows x, standardized as the file says, by Downhill's training graph.</summary>
    private static float[] Logits(SavedModel saved, float[] x)
    {
        var model = saved.Model;
        int rows = x.Length / model.Inputs;
        var std = saved.Provenance.Standardization;
        var data = new Dataset("rows", x.ToArray(), new float[rows], model.Inputs, []);
        std?.Apply(data);
        var graph = model.BuildGraph(rows, WorkerPool.Single);
        data.Features.CopyTo(graph.Input.Value.Span);
        graph.Graph.Forward();
        return graph.Output.Value.ToArray();
    }

    private static void AssertLogits(JsonElement expected, float[] actual)
    {
        var flat = expected.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray();
        Assert.Equal(flat.Length, actual.Length);
        for (int i = 0; i < flat.Length; i++) Assert.Equal(flat[i], actual[i], 1e-5);
    }

    /// <summary>The committed file is what Downhill writes for this model, byte for byte.</summary>
    internal static Model FixtureModel(out ModelProvenance provenance)
    {
        var model = Model.Create("mlp:5:gelu", 4, 3);
        model.Initialize(Initializer.Torch, new SeededRandom(7));
        provenance = new ModelProvenance(Standardizer.Of([0.5, -1.25, 2, 0], [1.5, 0.75, 2.5, 1]), "fixture", 3, 0.25);
        return model;
    }

    [Fact]
    public void DownhillWritesTheFileTorchLoadsAndComputesTheSameLogits()
    {
        var model = FixtureModel(out var provenance);
        string path = Path.Combine(Path.GetTempPath(), $"downhill-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(path, model, provenance);
            Assert.Equal(File.ReadAllBytes(Fixture("downhill_model.safetensors")), File.ReadAllBytes(path));
        }
        finally { File.Delete(path); }
        var saved = ModelFile.Load(Fixture("downhill_model.safetensors"));
        var x = Reference.GetProperty("x").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        AssertLogits(Reference.GetProperty("downhillModel").GetProperty("logits"), Logits(saved, x));
        Assert.Equal("fixture", saved.Provenance.Data);
        Assert.Equal(3UL, saved.Provenance.Seed);
        Assert.Equal(0.25, saved.Provenance.Validation);
    }

    [Fact]
    public void AFileTorchWroteFromItsStateDictLoadsWithTheSameLogits()
    {
        var saved = ModelFile.Load(Fixture("torch_model.safetensors"));
        Assert.Equal("mlp:6,6:tanh", saved.Model.Spec);
        Assert.Equal(new double[] { 2, 0.5, 1.25, 1 }, saved.Provenance.Standardization!.Std);
        var x = Reference.GetProperty("x").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        AssertLogits(Reference.GetProperty("torchModel").GetProperty("logits"), Logits(saved, x));
    }

    [Fact]
    public void ARoundTripKeepsEveryWeightAndTheStandardization()
    {
        var model = Model.Create("mlp:7,3:sigmoid", 5, 0, 2);
        model.Initialize(Initializer.Xavier, new SeededRandom(1));
        string path = Path.Combine(Path.GetTempPath(), $"downhill-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(path, model, new ModelProvenance(null, "diabetes", 0, 0));
            var saved = ModelFile.Load(path, Model.Create("mlp:7,3:sigmoid", 5, 0, 2));
            Assert.Null(saved.Provenance.Standardization);
            for (int p = 0; p < model.Parameters.Count; p++)
                Assert.Equal(model.Parameters[p].Value.ToArray(), saved.Model.Parameters[p].Value.ToArray());
            var e = Assert.Throws<InputException>(() => ModelFile.Load(path, Model.Create("mlp:7,4:sigmoid", 5, 0, 2)));
            Assert.Equal($"'{path}' holds mlp:7,3:sigmoid (5 → 7 → 3 → 2, sigmoid, mse), not the model asked for, mlp:7,4:sigmoid (5 → 7 → 4 → 2, sigmoid, mse)", e.Message);
        }
        finally { File.Delete(path); }
    }

    public static TheoryData<string, string> BadFiles => new()
    {
        { "text", "is not a safetensors file of float32 tensors: the header's length" },
        { "short", "it has 3 bytes, fewer than the 8 of the header's length" },
        { "truncated", "(the file is truncated)" },
        { "huge-header", "the header's length 18446744073709551615 does not fit" },
        { "not-json", "the header is not JSON" },
        { "f16", "tensor '0.weight' is F16; Downhill reads F32 only" },
        { "overlap", "overlaps another" },
        { "wrong-size", "tensor '0.bias' of shape [5] needs 20 bytes, not 16" },
        { "gap", "bytes at the end belong to no tensor" },
        { "stray", "has a tensor 'extra' that mlp:5:gelu (4 → 5 → 3, gelu, cross-entropy) does not have; it holds another model" },
        { "missing", "has no tensor '2.bias', which mlp:5:gelu (4 → 5 → 3, gelu, cross-entropy) needs" },
        { "transposed", "tensor '0.weight' is [4, 5], but mlp:5:gelu (4 → 5 → 3, gelu, cross-entropy) needs [5, 4]" },
        { "bad-spec", "names a model Downhill cannot build (mlp:x)" },
        { "no-metadata", "has no downhill.model in its metadata: name the model it holds" },
    };

    /// <summary>Each damaged file is one clear error naming the file and the damage, never an exception of another kind.</summary>
    [Theory]
    [MemberData(nameof(BadFiles))]
    public void DamagedAndForeignFilesAreRefusedWithTheReason(string damage, string expected)
    {
        byte[] good = File.ReadAllBytes(Fixture("downhill_model.safetensors"));
        byte[] bytes = damage switch
        {
            "text" => Encoding.UTF8.GetBytes("epoch,loss\n1,0.5\n"),
            "short" => [1, 2, 3],
            "truncated" => good[..^10],
            "huge-header" => [.. Enumerable.Repeat((byte)0xFF, 8), .. good[8..]],
            _ => Rewrite(good, damage),
        };
        string path = Path.Combine(Path.GetTempPath(), $"downhill-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<InputException>(() => ModelFile.Load(path));
            Assert.Contains(expected, e.Message);
            Assert.Contains(path, e.Message);
        }
        finally { File.Delete(path); }
    }

    /// <summary>The fixture with its header edited (and the data cut or grown to match where the edit needs it).</summary>
    private static byte[] Rewrite(byte[] good, string damage)
    {
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(good);
        string header = Encoding.UTF8.GetString(good, 8, n).TrimEnd();
        byte[] data = good[(8 + n)..];
        switch (damage)
        {
            case "not-json": header = "{\"0.weight\": [1, 2"; break;
            case "f16": header = header.Replace("\"0.weight\":{\"dtype\":\"F32\"", "\"0.weight\":{\"dtype\":\"F16\""); break;
            case "overlap": header = header.Replace("\"data_offsets\":[80,100]", "\"data_offsets\":[76,96]"); break;
            case "wrong-size": header = header.Replace("\"shape\":[5],\"data_offsets\":[80,100]", "\"shape\":[5],\"data_offsets\":[80,96]"); break;
            case "gap": data = [.. data, 0, 0, 0, 0]; break;
            case "stray": header = header[..^1] + ",\"extra\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[204,208]}}"; data = [.. data, 0, 0, 0, 0]; break;
            case "missing": header = header.Replace(",\"2.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[160,172]}", "")
                    .Replace("[172,188]", "[160,176]").Replace("[188,204]", "[176,192]");
                data = [.. data[..160], .. data[172..]]; break;
            case "transposed": header = header.Replace("\"shape\":[5,4]", "\"shape\":[4,5]"); break;
            case "bad-spec": header = header.Replace("\"downhill.model\":\"mlp:5:gelu\"", "\"downhill.model\":\"mlp:x\""); break;
            case "no-metadata": header = "{" + header[(header.IndexOf("},", StringComparison.Ordinal) + 2)..]; break;
            default: throw new ArgumentException(damage);
        }
        byte[] text = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + text.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)text.Length);
        text.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + text.Length);
        return bytes;
    }
}
