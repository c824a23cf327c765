using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Downhill.Learning.Tensors;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// Broadcast add of a row vector: Y[i, j] = X[i, j] + b[j]. Backward: ∂X += ∂Y, ∂b[j] += Σ_i ∂Y[i, j]
/// (summed over rows in order, so the result does not depend on threads).
/// </summary>
public sealed class AddBiasNode : Node
{
    private readonly Node _x, _bias;

    /// <summary>x plus the row vector <paramref name="bias"/>, added to every row.</summary>
    public AddBiasNode(Node x, Node bias)
        : base(new Tensor(x.Value.Shape.ToArray()), x.RequiresGradient || bias.RequiresGradient)
    {
        if (bias.Value.Length != x.Value.Columns)
            throw new ArgumentException($"a bias of {bias.Value.Length} values cannot be added to rows of {x.Value.Columns}");
        (_x, _bias) = (x, bias);
    }

    /// <summary>∂input = ∂y if this is the input's first contribution, else ∂input += ∂y.</summary>
    internal static void AddOrWrite(Node input, ReadOnlySpan<float> dy, Span<float> dInput)
    {
        if (input.ClaimGradient()) dy.CopyTo(dInput);
        else TensorPrimitives.Add(dInput, dy, dInput);
    }

    /// <inheritdoc/>
    protected internal override void Forward()
    {
        ReadOnlySpan<float> b = _bias.Value.Span;
        for (int i = 0; i < Value.Rows; i++)
            TensorPrimitives.Add(_x.Value.Row(i), b, Value.Row(i));
    }

    /// <inheritdoc/>
    protected internal override void Backward()
    {
        Tensor dy = Gradient!;
        if (_x.Gradient is { } dx)
            AddOrWrite(_x, dy.Span, dx.Span);
        if (_bias.Gradient is { } db)
        {
            int i = 0;
            if (_bias.ClaimGradient()) dy.Row(i++).CopyTo(db.Span);
            for (; i < dy.Rows; i++)
                TensorPrimitives.Add(db.Span, dy.Row(i), db.Span);
        }
    }
}

/// <summary>Elementwise sum of two tensors of one shape. Backward: both inputs get ∂Y.</summary>
public sealed class AddNode : Node
{
    private readonly Node _a, _b;

    /// <summary>a + b, of the same shape.</summary>
    public AddNode(Node a, Node b) : base(new Tensor(a.Value.Shape.ToArray()), a.RequiresGradient || b.RequiresGradient)
    {
        if (!a.Value.Shape.SequenceEqual(b.Value.Shape))
            throw new ArgumentException($"cannot add {a.Value} and {b.Value}");
        (_a, _b) = (a, b);
    }

    /// <inheritdoc/>
    protected internal override void Forward() => TensorPrimitives.Add(_a.Value.Span, _b.Value.Span, Value.Span);

    /// <inheritdoc/>
    protected internal override void Backward()
    {
        if (_a.Gradient is { } da) AddBiasNode.AddOrWrite(_a, Gradient!.Span, da.Span);
        if (_b.Gradient is { } db) AddBiasNode.AddOrWrite(_b, Gradient!.Span, db.Span);
    }
}
