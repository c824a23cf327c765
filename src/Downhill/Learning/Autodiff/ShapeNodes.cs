using Downhill.Learning.Tensors;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// The same values under another shape: a view, with no copy either way (its gradient is a view of its input's,
/// so the backward rule has nothing to do).
/// </summary>
public sealed class ReshapeNode : Node
{
    private readonly Node _x;

    /// <summary>x's entries in shape <paramref name="shape"/>, sharing x's storage.</summary>
    public ReshapeNode(Node x, int[] shape) : base(x.Value.Reshape(shape), x.Gradient?.Reshape(shape)) => _x = x;

    internal override bool OwnsGradient => false;

    /// <summary>Writing this view writes the input's gradient, so the input decides whether it is the first.</summary>
    protected internal override bool ClaimGradient() => _x.ClaimGradient();

    /// <inheritdoc/>
    protected internal override void Forward() { }
    /// <inheritdoc/>
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

    /// <summary>The sum of x's entries, or their mean when <paramref name="mean"/>.</summary>
    public ReduceNode(Node x, bool mean) : base(new Tensor(1), x.RequiresGradient) => (_x, _mean) = (x, mean);

    /// <inheritdoc/>
    protected internal override void Forward()
    {
        double sum = 0;
        foreach (float v in _x.Value.Span) sum += v;
        Value.Span[0] = (float)(_mean ? sum / _x.Value.Length : sum);
    }

    /// <inheritdoc/>
    protected internal override void Backward()
    {
        if (_x.Gradient is not { } dx) return;
        float share = _mean ? Gradient!.Span[0] / _x.Value.Length : Gradient!.Span[0];
        if (_x.ClaimGradient()) dx.Span.Fill(share);
        else System.Numerics.Tensors.TensorPrimitives.Add(dx.Span, share, dx.Span);
    }
}
