using Downhill.Learning.Tensors;
using Downhill.Numerics;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// C = A·B for A [m, k] and B [k, n]. Backward: ∂A += ∂C·Bᵀ, ∂B += Aᵀ·∂C.
/// </summary>
/// <remarks>
/// When A is mostly zeros (image pixels), the forward product and ∂B skip them through a <see cref="SparseMatrix"/>
/// index of A built in the forward pass (unless C is too narrow for its vectors); the result is the same as the dense
/// row-major product's.
/// </remarks>
public sealed class MatMulNode : Node
{
    private readonly Node _a, _b;
    private readonly WorkerPool _pool;
    private readonly MatrixProduct _product = new();
    private readonly SparseMatrix _sparseA = new();
    private bool _aIsSparse;
    private readonly int _m, _k, _n;

    /// <summary>The matrix product a·b, run on <paramref name="pool"/>.</summary>
    public MatMulNode(Node a, Node b, WorkerPool pool)
        : base(new Tensor(a.Value.Rows, b.Value.Columns), a.RequiresGradient || b.RequiresGradient)
    {
        if (a.Value.Columns != b.Value.Rows)
            throw new ArgumentException($"cannot multiply {a.Value} by {b.Value}: inner sizes {a.Value.Columns} and {b.Value.Rows} differ");
        (_a, _b, _pool) = (a, b, pool);
        (_m, _k, _n) = (a.Value.Rows, a.Value.Columns, b.Value.Columns);
    }

    /// <inheritdoc/>
    protected internal override void Forward()
    {
        // The sparse kernels run vectors along C's rows: an output narrower than the dense dot kernel's (a classifier's
        // few logits) would run them one number at a time.
        _aIsSparse = !MatrixKernels.PrefersDot(_n) && _sparseA.TryIndex(_a.Value.Span, _m, _k);
        if (_aIsSparse)
            _sparseA.Multiply(_pool, _b.Value.Memory, Value.Memory, _n, accumulate: false);
        else
            _product.Compute(_pool, _a.Value.Memory, false, _b.Value.Memory, false, Value.Memory, _m, _k, _n, accumulate: false);
    }

    /// <inheritdoc/>
    protected internal override void Backward()
    {
        var dc = Gradient!.Memory;
        if (_a.Gradient is { } da)
            _product.Compute(_pool, dc, false, _b.Value.Memory, true, da.Memory, _m, _n, _k, accumulate: !_a.ClaimGradient());
        if (_b.Gradient is { } db && _aIsSparse)
            _sparseA.MultiplyTransposed(_pool, dc, db.Memory, _n, accumulate: !_b.ClaimGradient());
        else if (_b.Gradient is { } dbDense)
            _product.Compute(_pool, _a.Value.Memory, true, dc, false, dbDense.Memory, _k, _m, _n, accumulate: !_b.ClaimGradient());
    }
}
