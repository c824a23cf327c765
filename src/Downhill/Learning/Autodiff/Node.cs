using Downhill.Learning.Tensors;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// One operation in a <see cref="Graph"/>: its output <see cref="Value"/>, the gradient of the graph's output with
/// respect to that value (when something upstream needs it), and its forward and backward rules side by side.
/// </summary>
/// <remarks>
/// Buffers are made once, when the node is built, and reused on every pass. A backward rule writes its contribution
/// to an input's gradient when it is the first in this pass (<see cref="ClaimGradient"/>) and adds it otherwise, so
/// a value used twice gets both contributions and no buffer is zeroed only to be added to.
/// </remarks>
public abstract class Node
{
    /// <summary>A node holding <paramref name="value"/>, with a gradient buffer when <paramref name="requiresGradient"/>.</summary>
    protected Node(Tensor value, bool requiresGradient)
    {
        Value = value;
        Gradient = requiresGradient ? new Tensor(value.Shape.ToArray()) : null;
    }

    /// <summary>A node whose gradient is another tensor (a parameter's, a view of its input's).</summary>
    protected Node(Tensor value, Tensor? gradient)
    {
        Value = value;
        Gradient = gradient;
    }

    /// <summary>The node's value, computed by the forward pass.</summary>
    public Tensor Value { get; }

    /// <summary>∂output/∂Value after <see cref="Graph.Backward"/>; null when nothing needs it.</summary>
    public Tensor? Gradient { get; }

    /// <summary>Whether the backward pass computes this node's gradient.</summary>
    public bool RequiresGradient => Gradient is not null;

    /// <summary>True until something writes this node's gradient in the current backward pass.</summary>
    internal bool GradientPending { get; set; }

    /// <summary>False for a node whose gradient is a view of another's (the graph must not zero it).</summary>
    internal virtual bool OwnsGradient => true;

    /// <summary>
    /// Called by a backward rule about to contribute to this node's gradient: true when it is the first contribution
    /// of the pass, which then overwrites the buffer instead of adding to it.
    /// </summary>
    protected internal virtual bool ClaimGradient()
    {
        bool first = GradientPending;
        GradientPending = false;
        return first;
    }

    /// <summary>Computes <see cref="Value"/> from the inputs' values.</summary>
    protected internal abstract void Forward();

    /// <summary>Adds this node's share of the gradient to each input that requires one.</summary>
    protected internal abstract void Backward();
}

/// <summary>A value fed from outside (a batch of features, the targets): no gradient.</summary>
public sealed class InputNode : Node
{
    /// <summary>An input holding <paramref name="value"/>, set before each forward pass.</summary>
    public InputNode(Tensor value) : base(value, requiresGradient: false) { }
    /// <inheritdoc/>
    protected internal override void Forward() { }
    /// <inheritdoc/>
    protected internal override void Backward() { }
}

/// <summary>A trainable tensor and its gradient, shared by every graph built over it.</summary>
public sealed class Parameter
{
    /// <summary>A trainable parameter <paramref name="name"/> of shape <paramref name="shape"/>, zero until initialized.</summary>
    public Parameter(string name, params int[] shape)
    {
        Name = name;
        Value = new Tensor(shape);
        Gradient = new Tensor(shape);
    }

    /// <summary>e.g. "layer1.weight".</summary>
    public string Name { get; }
    /// <summary>The parameter's values.</summary>
    public Tensor Value { get; }
    /// <summary>∂L/∂ of the parameter, filled by the backward pass.</summary>
    public Tensor Gradient { get; }
    /// <summary>How many numbers the parameter holds.</summary>
    public int Length => Value.Length;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {Value}";
}

/// <summary>A parameter in a graph: its gradient tensor is the parameter's own.</summary>
public sealed class ParameterNode : Node
{
    /// <summary>The node of <paramref name="parameter"/> in a graph.</summary>
    public ParameterNode(Parameter parameter) : base(parameter.Value, parameter.Gradient) => Parameter = parameter;
    /// <summary>The parameter this node holds.</summary>
    public Parameter Parameter { get; }
    /// <inheritdoc/>
    protected internal override void Forward() { }
    /// <inheritdoc/>
    protected internal override void Backward() { }
}
