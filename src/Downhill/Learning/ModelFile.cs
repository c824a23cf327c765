using System.Globalization;
using Downhill.IO;
using Downhill.Learning.Data;
using Downhill.Learning.Models;

namespace Downhill.Learning;

/// <summary>
/// A model's weights in the safetensors format, under the names PyTorch's nn.Sequential gives the same network
/// (Linear, activation, Linear, …, Linear: <c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, …), each weight stored
/// [outputs, inputs] as torch.nn.Linear keeps it (Downhill keeps the transpose), all float32; with the feature
/// standardization the model was trained on as <c>input.mean</c> and <c>input.std</c> (0 and 1 when there was none),
/// and in the metadata the model's spec, its inputs and classes, the data and the split, and the PyTorch module that
/// loads it. A PyTorch user builds that module and calls <c>load_state_dict</c> on the other tensors; Downhill rebuilds
/// the model from the metadata alone.
/// </summary>
/// <example>
/// <code>
/// import torch, json, struct, numpy as np
/// raw = open("model.safetensors", "rb").read(); n = struct.unpack("&lt;Q", raw[:8])[0]; header = json.loads(raw[8:8 + n])
/// tensors = {k: torch.from_numpy(np.frombuffer(raw[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]], "&lt;f4")
///            .reshape(v["shape"]).copy()) for k, v in header.items() if k != "__metadata__"}
/// net = eval(header["__metadata__"]["downhill.pytorch"])        # torch.nn.Sequential(torch.nn.Linear(784, 256), …)
/// net.load_state_dict({k: v for k, v in tensors.items() if not k.startswith("input.")})
/// logits = net((x - tensors["input.mean"]) / tensors["input.std"])
/// </code>
/// </example>
public static class ModelFile
{
    private const string SpecKey = "downhill.model", InputsKey = "downhill.inputs", ClassesKey = "downhill.classes",
        TargetsKey = "downhill.targets", LossKey = "downhill.loss", DataKey = "downhill.data", SeedKey = "downhill.seed",
        ValidationKey = "downhill.validation", PyTorchKey = "downhill.pytorch";

    /// <summary>The tensor names of layer <paramref name="layer"/> (0-based), as nn.Sequential numbers its modules.</summary>
    public static (string Weight, string Bias) TensorNames(int layer) => ($"{2 * layer}.weight", $"{2 * layer}.bias");

    /// <summary>Writes <paramref name="model"/>'s current weights, and where they came from, to <paramref name="path"/> (atomically).</summary>
    public static void Save(string path, Model model, ModelProvenance provenance)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(provenance);
        var tensors = new List<SafeTensor>();
        for (int l = 0; l < model.Layers.Count; l++)
        {
            var layer = model.Layers[l];
            var (weight, bias) = TensorNames(l);
            var transposed = new float[layer.Weight.Length];
            Tensors.MatrixProduct.Transpose(layer.Weight.Value.Span, layer.Inputs, layer.Outputs, transposed);
            tensors.Add(new SafeTensor(weight, [layer.Outputs, layer.Inputs], transposed));
            tensors.Add(new SafeTensor(bias, [layer.Outputs], layer.Bias.Value.ToArray()));
        }
        var standardization = provenance.Standardization;
        tensors.Add(new SafeTensor("input.mean", [model.Inputs],
            Enumerable.Range(0, model.Inputs).Select(i => standardization is null ? 0f : (float)standardization.Mean[i]).ToArray()));
        tensors.Add(new SafeTensor("input.std", [model.Inputs],
            Enumerable.Range(0, model.Inputs).Select(i => standardization is null ? 1f : (float)standardization.Std[i]).ToArray()));
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            [SpecKey] = model.Spec,
            [InputsKey] = Text(model.Inputs),
            [ClassesKey] = Text(model.Loss.Classifies ? Math.Max(model.Outputs, 2) : 0),
            [TargetsKey] = Text(model.Loss.Classifies ? 1 : model.Outputs),
            [LossKey] = model.Loss.Name,
            [DataKey] = provenance.Data,
            [SeedKey] = provenance.Seed.ToString(CultureInfo.InvariantCulture),
            [ValidationKey] = provenance.Validation.ToString("R", CultureInfo.InvariantCulture),
            [PyTorchKey] = PyTorchModule(model),
        };
        SafeTensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>
    /// Reads <paramref name="path"/>: the model its metadata names (or, in a file without Downhill's metadata,
    /// <paramref name="expected"/>) with the file's weights, its standardization and provenance. With
    /// <paramref name="expected"/> given, the file must hold that same network (layer sizes, activation, loss).
    /// </summary>
    /// <exception cref="InputException">Not a safetensors file, truncated, another model, or tensors of the wrong shape.</exception>
    public static SavedModel Load(string path, Model? expected = null) => Load(SafeTensorsFile.Read(path), path, expected);

    /// <summary>As <see cref="Load(string, Model?)"/>, from a file already read (named <paramref name="path"/> in messages).</summary>
    public static SavedModel Load(SafeTensorsContent content, string path, Model? expected = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var metadata = content.Metadata;
        Model model;
        if (metadata.TryGetValue(SpecKey, out string? spec))
        {
            int inputs = Number(metadata, InputsKey, 1, 100_000_000, path);
            int classes = Number(metadata, ClassesKey, 0, 1_000_000, path);
            int targets = Number(metadata, TargetsKey, 1, 1_000_000, path);
            try { model = Model.Create(spec, inputs, classes, targets); }
            catch (InputException e) { throw new InputException($"'{path}' names a model Downhill cannot build ({spec}): {e.Message}"); }
            if (expected is not null && Describe(expected) != Describe(model))
                throw new InputException($"'{path}' holds {Describe(model)}, not the model asked for, {Describe(expected)}");
        }
        else model = expected ?? throw new InputException($"'{path}' has no {SpecKey} in its metadata: name the model it holds");

        var wanted = new HashSet<string> { "input.mean", "input.std" };
        for (int l = 0; l < model.Layers.Count; l++)
        {
            var (weight, bias) = TensorNames(l);
            wanted.Add(weight);
            wanted.Add(bias);
        }
        if (content.Tensors.FirstOrDefault(t => !wanted.Contains(t.Name)) is { } stray)
            throw new InputException($"'{path}' has a tensor '{stray.Name}' that {Describe(model)} does not have; it holds another model");
        for (int l = 0; l < model.Layers.Count; l++)
        {
            var layer = model.Layers[l];
            var (weightName, biasName) = TensorNames(l);
            var weight = Tensor(content, weightName, [layer.Outputs, layer.Inputs], model, path);
            Tensors.MatrixProduct.Transpose(weight.Values, layer.Outputs, layer.Inputs, layer.Weight.Value.Span);
            Tensor(content, biasName, [layer.Outputs], model, path).Values.CopyTo(layer.Bias.Value.Span);
        }
        Tensor(content, "input.mean", [model.Inputs], model, path);
        Tensor(content, "input.std", [model.Inputs], model, path);
        return new SavedModel(model, Provenance(content, path));
    }

    /// <summary>
    /// Where the weights in a file came from: the data's name, the seed and validation fraction that split it, and the
    /// standardization (from input.mean and input.std; null when they are 0 and 1 or absent).
    /// </summary>
    /// <exception cref="InputException">input.mean or input.std is not finite, or a deviation is not positive.</exception>
    public static ModelProvenance Provenance(SafeTensorsContent content, string path)
    {
        ArgumentNullException.ThrowIfNull(content);
        var metadata = content.Metadata;
        Standardizer? standardizer = null;
        if (content.Find("input.mean") is { } mean && content.Find("input.std") is { } std)
        {
            if (mean.Values.Length != std.Values.Length || mean.Values.Any(m => !float.IsFinite(m)) || std.Values.Any(s => !(s > 0) || !float.IsFinite(s)))
                throw new InputException($"'{path}': input.mean must be finite and input.std finite and positive, one of each per feature");
            standardizer = Standardizer.Of(mean.Values.Select(m => (double)m).ToArray(), std.Values.Select(s => (double)s).ToArray());
            if (standardizer.IsIdentity) standardizer = null;
        }
        return new ModelProvenance(standardizer,
            metadata.GetValueOrDefault(DataKey, ""),
            ulong.TryParse(metadata.GetValueOrDefault(SeedKey), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed : 0,
            double.TryParse(metadata.GetValueOrDefault(ValidationKey), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v is >= 0 and < 1 ? v : 0);
    }

    /// <summary>Layer sizes, activation and loss: what must agree for weights to fit, e.g. "mlp:256,256 (784 → 256 → 256 → 10, relu, cross-entropy)".</summary>
    public static string Describe(Model model)
    {
        string sizes = string.Join(" → ", model.Layers.Select(l => l.Inputs).Append(model.Outputs));
        string activation = model.Layers[0].Activation is { } a ? $"{a.Name}, " : "";
        return $"{model.Spec} ({sizes}, {activation}{model.Loss.Name})";
    }

    /// <summary>The nn.Sequential these weights load into, as Python.</summary>
    public static string PyTorchModule(Model model)
    {
        var modules = new List<string>();
        foreach (var layer in model.Layers)
        {
            modules.Add($"torch.nn.Linear({layer.Inputs}, {layer.Outputs})");
            if (layer.Activation is { } a)
                modules.Add(a.Name switch
                {
                    "relu" => "torch.nn.ReLU()",
                    "leaky-relu" => "torch.nn.LeakyReLU(0.01)",
                    "tanh" => "torch.nn.Tanh()",
                    "sigmoid" => "torch.nn.Sigmoid()",
                    "gelu" => "torch.nn.GELU()",
                    _ => throw new ArgumentException($"no PyTorch module for {a.Name}"),
                });
        }
        return $"torch.nn.Sequential({string.Join(", ", modules)})";
    }

    private static SafeTensor Tensor(SafeTensorsContent content, string name, int[] shape, Model model, string path)
    {
        var tensor = content.Find(name) ?? throw new InputException($"'{path}' has no tensor '{name}', which {Describe(model)} needs");
        if (!tensor.Shape.SequenceEqual(shape))
            throw new InputException($"'{path}': tensor '{name}' is [{string.Join(", ", tensor.Shape)}], but {Describe(model)} needs [{string.Join(", ", shape)}]");
        return tensor;
    }

    private static int Number(IReadOnlyDictionary<string, string> metadata, string key, int low, int high, string path) =>
        metadata.TryGetValue(key, out string? text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value)
        && value >= low && value <= high
            ? value
            : throw new InputException($"'{path}': metadata {key} is missing or not a whole number from {low} to {high}");

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Where a model's weights came from: the standardization of its inputs (null: none), the data set's name, and the
/// seed and validation fraction that split it, so the same rows can be found again.
/// </summary>
public sealed record ModelProvenance(Standardizer? Standardization, string Data, ulong Seed, double Validation);

/// <summary>A model read from a file, with its weights, and its provenance.</summary>
public sealed record SavedModel(Model Model, ModelProvenance Provenance);
