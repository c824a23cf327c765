using Downhill.Learning.Losses;
using Downhill.Learning.Tensors;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// A loss of a prediction against targets: a scalar. Forward computes the loss and keeps ∂loss/∂prediction; backward
/// adds it, times ∂y, to the prediction's gradient.
/// </summary>
public sealed class LossNode : Node
{
    private readonly Node _prediction;
    private readonly Node _target;
    private readonly Tensor _local;

    /// <summary><paramref name="loss"/> of <paramref name="prediction"/> against <paramref name="target"/>: one number.</summary>
    public LossNode(Loss loss, Node prediction, Node target) : base(new Tensor(1), prediction.RequiresGradient)
    {
        int expected = loss.TakesClassIndices ? prediction.Value.Rows : prediction.Value.Length;
        if (target.Value.Length != expected)
            throw new ArgumentException($"{loss.Name} needs {expected} targets for a prediction {prediction.Value}, not {target.Value.Length}");
        (Loss, _prediction, _target) = (loss, prediction, target);
        _local = new Tensor(prediction.Value.Shape.ToArray());
    }

    /// <summary>The loss computed.</summary>
    public Loss Loss { get; }

    /// <summary>The loss in double precision, as accumulated (the float <see cref="Node.Value"/> rounds it).</summary>
    public double Precise { get; private set; }

    /// <inheritdoc/>
    protected internal override void Forward()
    {
        Tensor p = _prediction.Value;
        Precise = Loss.Evaluate(p.Span, _target.Value.Span, p.Rows, p.Columns,
            RequiresGradient ? _local.Span : Span<float>.Empty, 1f);
        Value.Span[0] = (float)Precise;
    }

    /// <inheritdoc/>
    protected internal override void Backward()
    {
        if (_prediction.Gradient is not { } dp) return;
        if (_prediction.ClaimGradient())
            System.Numerics.Tensors.TensorPrimitives.Multiply(_local.Span, Gradient!.Span[0], dp.Span);
        else
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(_local.Span, Gradient!.Span[0], dp.Span, dp.Span);
    }
}
