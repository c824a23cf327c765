using Downhill.Learning.Tensors;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// C = A·B for A [m, k] and B [k, n]. Backward: ∂A += ∂C·Bᵀ, ∂B += Aᵀ·∂C.
/// </summary>
public sealed class MatMulNode : Node
{
    private readonly Node _a, _b;
    private readonly WorkerPool _pool;
    private readonly MatrixProduct _product = new();
    private readonly int _m, _k, _n;

    public MatMulNode(Node a, Node b, WorkerPool pool)
        : base(new Tensor(a.Value.Rows, b.Value.Columns), a.RequiresGradient || b.RequiresGradient)
    {
        if (a.Value.Columns != b.Value.Rows)
            throw new ArgumentException($"cannot multiply {a.Value} by {b.Value}: inner sizes {a.Value.Columns} and {b.Value.Rows} differ");
        (_a, _b, _pool) = (a, b, pool);
        (_m, _k, _n) = (a.Value.Rows, a.Value.Columns, b.Value.Columns);
    }

    protected internal override void Forward() =>
        _product.Compute(_pool, _a.Value.Data, false, _b.Value.Data, false, Value.Data, _m, _k, _n, accumulate: false);

    protected internal override void Backward()
    {
        float[] dc = Gradient!.Data;
        if (_a.Gradient is { } da)
            _product.Compute(_pool, dc, false, _b.Value.Data, true, da.Data, _m, _n, _k, accumulate: true);
        if (_b.Gradient is { } db)
            _product.Compute(_pool, _a.Value.Data, true, dc, false, db.Data, _k, _m, _n, accumulate: true);
    }
}
