using System.Numerics;
using Downhill.Learning.Tensors;
using Downhill.Numerics;

namespace Downhill.Curvature.Networks;

/// <summary>
/// The matrix products of a layer stack in one precision: dense products with either factor transposed, and the two
/// products with a batch's inputs X (X·B forward, Xᵀ·B for the first layer's weights), which skip X's zeros when it
/// is mostly zeros (image pixels). float32 runs the training kernels (<see cref="MatrixProduct"/>,
/// <see cref="SparseMatrix"/>); float64 runs <see cref="Float64Product"/>. Every product splits its output's rows
/// among the pool's threads, so no result depends on the thread count.
/// </summary>
internal abstract class Products<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private ReadOnlyMemory<T> _input;
    private int _inputRows, _inputColumns;

    protected Products(WorkerPool pool) => Pool = pool;

    protected WorkerPool Pool { get; }

    /// <summary>The products for <typeparamref name="T"/> (float or double) on <paramref name="pool"/>.</summary>
    public static Products<T> Create(WorkerPool pool) =>
        typeof(T) == typeof(float) ? (Products<T>)(object)new Float32Products(pool)
        : typeof(T) == typeof(double) ? (Products<T>)(object)new Float64Products(pool)
        : throw new NotSupportedException($"curvature runs in float or double, not {typeof(T).Name}");

    /// <summary>C[m,n] (+)= op(A)·op(B); A stored [m,k] or, transposed, [k,m]; B stored [k,n] or, transposed, [n,k].</summary>
    public abstract void Multiply(ReadOnlyMemory<T> a, bool transposeA, ReadOnlyMemory<T> b, bool transposeB,
        Memory<T> c, int m, int k, int n, bool accumulate);

    /// <summary>Sets the batch's inputs X [rows, columns], feeding a layer of <paramref name="outputs"/> units.</summary>
    public virtual void SetInput(ReadOnlyMemory<T> x, int rows, int columns, int outputs) =>
        (_input, _inputRows, _inputColumns) = (x, rows, columns);

    /// <summary>C[rows, n] (+)= X·B for B [columns, n].</summary>
    public virtual void InputTimes(ReadOnlyMemory<T> b, Memory<T> c, int n, bool accumulate) =>
        Multiply(_input, false, b, false, c, _inputRows, _inputColumns, n, accumulate);

    /// <summary>C[columns, n] (+)= Xᵀ·B for B [rows, n].</summary>
    public virtual void InputTransposedTimes(ReadOnlyMemory<T> b, Memory<T> c, int n, bool accumulate) =>
        Multiply(_input, true, b, false, c, _inputColumns, _inputRows, n, accumulate);
}

/// <summary>float32: the training kernels, the sparse ones for a mostly-zero input feeding a wide layer.</summary>
internal sealed class Float32Products(WorkerPool pool) : Products<float>(pool)
{
    private readonly MatrixProduct _product = new();
    private readonly SparseMatrix _sparseInput = new();
    private bool _inputIsSparse;

    public override void Multiply(ReadOnlyMemory<float> a, bool transposeA, ReadOnlyMemory<float> b, bool transposeB,
        Memory<float> c, int m, int k, int n, bool accumulate) =>
        _product.Compute(Pool, a, transposeA, b, transposeB, c, m, k, n, accumulate);

    public override void SetInput(ReadOnlyMemory<float> x, int rows, int columns, int outputs)
    {
        base.SetInput(x, rows, columns, outputs);
        // As in the training graph: the sparse kernels run vectors along the output's rows, so a narrow layer (a
        // classifier's few logits) stays dense.
        _inputIsSparse = !MatrixKernels.PrefersDot(outputs) && _sparseInput.TryIndex(x.Span[..(rows * columns)], rows, columns);
    }

    public override void InputTimes(ReadOnlyMemory<float> b, Memory<float> c, int n, bool accumulate)
    {
        if (_inputIsSparse) _sparseInput.Multiply(Pool, b, c, n, accumulate);
        else base.InputTimes(b, c, n, accumulate);
    }

    public override void InputTransposedTimes(ReadOnlyMemory<float> b, Memory<float> c, int n, bool accumulate)
    {
        if (_inputIsSparse) _sparseInput.MultiplyTransposed(Pool, b, c, n, accumulate);
        else base.InputTransposedTimes(b, c, n, accumulate);
    }
}

/// <summary>float64: <see cref="Float64Product"/> for every product (no sparse path: checking, not racing).</summary>
internal sealed class Float64Products(WorkerPool pool) : Products<double>(pool)
{
    private readonly Float64Product _product = new();

    public override void Multiply(ReadOnlyMemory<double> a, bool transposeA, ReadOnlyMemory<double> b, bool transposeB,
        Memory<double> c, int m, int k, int n, bool accumulate) =>
        _product.Compute(Pool, a, transposeA, b, transposeB, c, m, k, n, accumulate);
}
