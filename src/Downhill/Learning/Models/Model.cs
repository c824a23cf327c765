using System.Globalization;
using Downhill.Learning.Autodiff;
using Downhill.Learning.Losses;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Learning.Models;

/// <summary>
/// A model named on the command line: <c>linear</c> (regression), <c>logistic</c> (two classes), <c>softmax</c>
/// (many classes), or <c>mlp:W1,W2,…[:activation]</c> (hidden layers of those widths, relu unless named, then an
/// output layer). All are stacks of <see cref="DenseLayer"/>s; the output is raw scores (logits), and
/// <see cref="Loss"/> is the loss that fits them.
/// </summary>
public sealed class Model
{
    private Model(string spec, IReadOnlyList<DenseLayer> layers, Loss loss)
    {
        Spec = spec;
        Layers = layers;
        Loss = loss;
        Parameters = layers.SelectMany(l => new[] { l.Weight, l.Bias }).ToList();
    }

    /// <summary>The spec it was made from, e.g. "mlp:256,256:relu".</summary>
    public string Spec { get; }
    /// <summary>The layers, input first.</summary>
    public IReadOnlyList<DenseLayer> Layers { get; }
    /// <summary>Every weight and bias, layer by layer (the optimizer's parameter groups).</summary>
    public IReadOnlyList<Parameter> Parameters { get; }
    /// <summary>The loss the model is trained on.</summary>
    public Loss Loss { get; }
    /// <summary>Features per input row.</summary>
    public int Inputs => Layers[0].Inputs;
    /// <summary>Outputs per row.</summary>
    public int Outputs => Layers[^1].Outputs;
    /// <summary>How many numbers the parameters hold.</summary>
    public int ParameterCount => Parameters.Sum(p => p.Length);

    /// <summary>The widest hidden layer.</summary>
    public const int MaxWidth = 1_000_000;

    /// <summary>The most weights and biases a model may have: 2²⁶, 256 MB as float32 (its gradient and optimizer state as much again each).</summary>
    public const long MaxParameters = 1L << 26;

    /// <summary>Refuses, before any layer is allocated, a model whose layers of these widths hold more than <see cref="MaxParameters"/>.</summary>
    private static void CheckSize(string text, IReadOnlyList<int> widths)
    {
        long parameters = 0;
        for (int i = 1; i < widths.Count; i++) parameters += ((long)widths[i - 1] + 1) * widths[i];
        if (parameters > MaxParameters)
            throw new InputException($"the model would have {parameters:N0} parameters, more than the {MaxParameters:N0} one may have", text, 0);
    }

    /// <summary>
    /// Builds the model named by <paramref name="spec"/> for <paramref name="inputs"/> features and
    /// <paramref name="classes"/> classes (0 for regression with <paramref name="targets"/> outputs).
    /// Refuses a model of more than <see cref="MaxParameters"/> before allocating it.
    /// </summary>
    public static Model Create(string spec, int inputs, int classes, int targets = 1)
    {
        string text = spec.Trim();
        string[] parts = text.Split(':');
        string kind = parts[0].ToLowerInvariant();
        bool classification = classes > 0;
        int outputs = classification ? classes : targets;
        if (kind != "mlp") CheckSize(text, [inputs, kind == "logistic" ? 1 : outputs]);
        switch (kind)
        {
            case "linear":
                NoSettings(parts, text);
                if (classification)
                    throw new InputException("linear is a regression model, but the data has classes; use logistic, softmax or mlp", text, 0);
                return new Model(text, [new DenseLayer(1, inputs, outputs, null)], Loss.MeanSquaredError);
            case "logistic":
                NoSettings(parts, text);
                if (!classification)
                    throw new InputException("logistic needs two classes, but the data is a regression problem; use linear", text, 0);
                if (classes != 2)
                    throw new InputException($"logistic needs two classes, but the data has {classes.ToString(CultureInfo.InvariantCulture)}; use softmax", text, 0);
                return new Model(text, [new DenseLayer(1, inputs, 1, null)], Loss.BinaryCrossEntropy);
            case "softmax":
                NoSettings(parts, text);
                if (!classification)
                    throw new InputException("softmax needs classes, but the data is a regression problem; use linear", text, 0);
                return new Model(text, [new DenseLayer(1, inputs, classes, null)], Loss.SoftmaxCrossEntropy);
            case "mlp":
                return Mlp(text, parts, inputs, outputs, classification);
            default:
                throw new InputException($"unknown model '{parts[0]}'; valid: linear, logistic, softmax, mlp:W1,W2,…[:activation]", text, 0);
        }
    }

    private static List<int> HiddenWidths(string text, int at, string list)
    {
        var widths = new List<int>();
        foreach (string w in list.Split(','))
        {
            if (!int.TryParse(w.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int width) || width <= 0)
                throw new InputException($"hidden width '{w}' is not a positive whole number", text, at);
            if (width > MaxWidth)
                throw new InputException($"hidden width {width:N0} is more than the {MaxWidth:N0} a layer may have", text, at);
            widths.Add(width);
            at += w.Length + 1;
        }
        return widths;
    }

    private static Model Mlp(string text, string[] parts, int inputs, int outputs, bool classification)
    {
        if (parts.Length < 2 || parts[1].Trim().Length == 0)
            throw new InputException("mlp needs hidden widths, e.g. mlp:256,256 or mlp:64:tanh", text, text.Length);
        if (parts.Length > 3)
            throw new InputException("expected mlp:W1,W2,…[:activation]", text, text.IndexOf(':', text.IndexOf(':', 4) + 1));
        var widths = HiddenWidths(text, parts[0].Length + 1, parts[1]);
        CheckSize(text, [inputs, .. widths, outputs]);
        Activation activation;
        try { activation = parts.Length == 3 ? Autodiff.Activation.Parse(parts[2]) : Autodiff.Activation.Relu; }
        catch (InputException e) { throw new InputException(e.Message, text, parts[0].Length + parts[1].Length + 2); }
        var layers = new List<DenseLayer>();
        int previous = inputs;
        foreach (int width in widths)
        {
            layers.Add(new DenseLayer(layers.Count + 1, previous, width, activation));
            previous = width;
        }
        layers.Add(new DenseLayer(layers.Count + 1, previous, outputs, null));
        return new Model(text, layers, classification ? Loss.SoftmaxCrossEntropy : Loss.MeanSquaredError);
    }

    private static void NoSettings(string[] parts, string text)
    {
        if (parts.Length > 1)
            throw new InputException($"model '{parts[0]}' takes no settings", text, parts[0].Length);
    }

    /// <summary>
    /// Sets every layer's weights, then its biases, from <paramref name="initializer"/> (layer by layer, the order
    /// in which torch's nn.Linear draws them).
    /// </summary>
    public void Initialize(Initializer initializer, SeededRandom random)
    {
        foreach (var layer in Layers)
        {
            initializer.Fill(layer.Weight.Value.Span, layer.Inputs, layer.Outputs, random);
            initializer.FillBias(layer.Bias.Value.Span, layer.Inputs, random);
        }
    }

    /// <summary>
    /// The initializer used when none is named: <see cref="Initializer.Torch"/>, PyTorch's nn.Linear default, so
    /// that a recipe written for torch (e.g. an MLP with Adam at lr 1e-3) behaves here as it does there.
    /// </summary>
    public Initializer DefaultInitializer => Initializer.Torch;

    /// <summary>A graph computing this model's outputs and loss for batches of <paramref name="batchSize"/> rows.</summary>
    public ModelGraph BuildGraph(int batchSize, WorkerPool pool)
    {
        var graph = new Graph(pool);
        var input = graph.Input(batchSize, Inputs);
        var target = graph.Input(batchSize, Loss.TakesClassIndices ? 1 : Outputs);
        Node x = input;
        foreach (var layer in Layers) x = layer.Build(graph, x);
        var loss = graph.Loss(Loss, x, target);
        return new ModelGraph(graph, input, target, x, loss);
    }

    /// <inheritdoc/>
    public override string ToString() => Spec;
}

/// <summary>A model's graph for one batch size: where to put features and targets, and where outputs and loss appear.</summary>
public sealed record ModelGraph(Graph Graph, InputNode Input, InputNode Target, Node Output, LossNode Loss)
{
    /// <summary>Rows per batch.</summary>
    public int BatchSize => Input.Value.Rows;
}
