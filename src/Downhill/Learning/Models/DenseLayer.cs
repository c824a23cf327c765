using Downhill.Learning.Autodiff;

namespace Downhill.Learning.Models;

/// <summary>
/// A fully connected layer y = x·W + b with W stored [inputs, outputs] (torch's Linear stores its transpose), then
/// an optional activation.
/// </summary>
public sealed class DenseLayer
{
    /// <summary>Layer <paramref name="index"/>: <paramref name="inputs"/> → <paramref name="outputs"/>, then <paramref name="activation"/> (none when null).</summary>
    public DenseLayer(int index, int inputs, int outputs, Activation? activation)
    {
        Weight = new Parameter($"layer{index}.weight", inputs, outputs);
        Bias = new Parameter($"layer{index}.bias", outputs);
        Activation = activation;
    }

    /// <summary>The weights, inputs × outputs.</summary>
    public Parameter Weight { get; }
    /// <summary>The bias, one per output.</summary>
    public Parameter Bias { get; }
    /// <summary>The activation after the affine map, or null.</summary>
    public Activation? Activation { get; }
    /// <summary>Inputs per row.</summary>
    public int Inputs => Weight.Value.Rows;
    /// <summary>Outputs per row.</summary>
    public int Outputs => Weight.Value.Columns;

    /// <summary>Adds this layer to <paramref name="graph"/> after <paramref name="x"/>.</summary>
    public Node Build(Graph graph, Node x)
    {
        Node y = graph.AddBias(graph.MatMul(x, graph.Parameter(Weight)), graph.Parameter(Bias));
        return Activation is null ? y : graph.Activation(y, Activation);
    }
}
