using Downhill.Learning.Models;

namespace Downhill.Curvature.Networks;

/// <summary>
/// The parameters curvature is taken over: every weight and bias of the model (the default), or one layer's weights
/// and bias, whose Hessian block is H restricted to them (the rows and columns of H for that layer).
/// </summary>
public sealed record ParameterBlock
{
    private ParameterBlock(int firstLayer, int lastLayer) => (FirstLayer, LastLayer) = (firstLayer, lastLayer);

    /// <summary>Every parameter of the model.</summary>
    public static ParameterBlock All(Model model) => new(0, model.Layers.Count - 1);

    /// <summary>The weights and bias of layer <paramref name="layer"/> (1-based, as the model names them: layer1.weight).</summary>
    public static ParameterBlock Layer(Model model, int layer)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (layer < 1 || layer > model.Layers.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"the model has layers 1 to {model.Layers.Count}");
        return new ParameterBlock(layer - 1, layer - 1);
    }

    /// <summary>The first layer of the block, 0-based.</summary>
    public int FirstLayer { get; }

    /// <summary>The last layer of the block, 0-based.</summary>
    public int LastLayer { get; }

    /// <summary>Whether the block holds layer <paramref name="layer"/> (0-based).</summary>
    public bool Contains(int layer) => layer >= FirstLayer && layer <= LastLayer;

    /// <summary>The number of parameters in the block.</summary>
    public int Dimension(Model model) =>
        model.Layers.Skip(FirstLayer).Take(LastLayer - FirstLayer + 1).Sum(l => l.Weight.Length + l.Bias.Length);

    /// <summary>Where the block starts in the model's flat parameter vector (every weight, then bias, layer by layer).</summary>
    public int Offset(Model model) => model.Layers.Take(FirstLayer).Sum(l => l.Weight.Length + l.Bias.Length);

    /// <summary>"all parameters" or "layer 2 (weights and bias)".</summary>
    public string Describe(Model model) =>
        FirstLayer == 0 && LastLayer == model.Layers.Count - 1 ? "all parameters"
        : FirstLayer == LastLayer ? $"layer {FirstLayer + 1} (weights and bias)"
        : $"layers {FirstLayer + 1} to {LastLayer + 1}";
}
