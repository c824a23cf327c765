using Downhill.Learning.Tensors;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// The same values under another shape: a view, with no copy either way (its gradient is a view of its input's,
/// so the backward rule has nothing to do).
/// </summary>
public sealed class ReshapeNode : Node
{
    public ReshapeNode(Node x, int[] shape) : base(x.Value.Reshape(shape), x.Gradient?.Reshape(shape)) { }
    protected internal override void Forward() { }
    protected internal override void Backward() { }
}

/// <summary>
/// The sum (or mean) of every entry, a scalar. Accumulated in double, in order. Backward: each entry gets ∂y
/// (or ∂y / count).
/// </summary>
public sealed class ReduceNode : Node
{
    private readonly Node _x;
    private readonly bool _mean;

    public ReduceNode(Node x, bool mean) : base(new Tensor(1), x.RequiresGradient) => (_x, _mean) = (x, mean);

    protected internal override void Forward()
    {
        double sum = 0;
        foreach (float v in _x.Value.Span) sum += v;
        Value.Data[0] = (float)(_mean ? sum / _x.Value.Length : sum);
    }

    protected internal override void Backward()
    {
        if (_x.Gradient is not { } dx) return;
        float share = _mean ? Gradient!.Data[0] / _x.Value.Length : Gradient!.Data[0];
        System.Numerics.Tensors.TensorPrimitives.Add(dx.Span, share, dx.Span);
    }
}
