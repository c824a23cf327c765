using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;

namespace Downhill.Curvature.Networks;

/// <summary>
/// The training loss of a model over a data set as a function of its parameters θ ∈ ℝⁿ (every weight and bias,
/// flat: layer by layer, the weight [inputs, outputs] row-major, then the bias), with its gradient and exact
/// Hessian-vector products. Every row of the data counts; the rows go through in batches of
/// <see cref="NetworkLossOptions.BatchRows"/>, their contributions added in double and in order, so MNIST's 60,000
/// rows fit in memory and the result depends neither on the threads nor on anything but the batch size's roundings.
/// </summary>
/// <example>
/// <code>
/// using var loss = new NetworkLoss(model, splits.Train, new NetworkLossOptions { Threads = 2 });
/// double[] theta = loss.Parameters();
/// var hessian = loss.Hessian(theta);          // an ISymmetricOperator: H·v without ever forming H
/// hessian.Multiply(v, hv);
/// </code>
/// </example>
public sealed class NetworkLoss : IDisposable
{
    private readonly ILayerStackPass _pass;
    private readonly WorkerPool _pool;
    private int _pointVersion;

    /// <summary>The loss of <paramref name="model"/> over every row of <paramref name="data"/>.</summary>
    public NetworkLoss(Model model, Dataset data, NetworkLossOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new NetworkLossOptions();
        options.Validate();
        if (data.FeatureCount != model.Inputs)
            throw new ArgumentException($"{data.Name} has {data.FeatureCount} features; the model takes {model.Inputs}", nameof(data));
        if (data.IsClassification != model.Loss.Classifies)
            throw new ArgumentException($"model {model.Spec} ({model.Loss.Name}) does not fit {data}", nameof(data));
        if (data.Count == 0) throw new ArgumentException($"{data.Name} has no rows", nameof(data));
        (Model, Data, Precision) = (model, data, options.Precision);
        _pool = options.Threads == 1 ? WorkerPool.Single : new WorkerPool(options.Threads);
        int capacity = Math.Min(options.BatchRows, data.Count);
        _pass = Precision == Precision.Float64
            ? new LayerStackPass<double>(model, capacity, _pool)
            : new LayerStackPass<float>(model, capacity, _pool);
    }

    /// <summary>The network whose loss this is.</summary>
    public Model Model { get; }

    /// <summary>The rows the loss is taken over.</summary>
    public Dataset Data { get; }

    /// <summary>The precision the loss and its products are computed in.</summary>
    public Precision Precision { get; }

    /// <summary>n, the number of parameters.</summary>
    public int Dimension => Model.ParameterCount;

    /// <summary>The model's current weights and biases as one flat vector, in double.</summary>
    public double[] Parameters()
    {
        var theta = new double[Dimension];
        int at = 0;
        foreach (var p in Model.Parameters)
            foreach (float v in p.Value.Span) theta[at++] = v;
        return theta;
    }

    /// <summary>The loss (and, for a classifier, the accuracy) at <paramref name="parameters"/>.</summary>
    public NetworkEvaluation Evaluate(ReadOnlySpan<double> parameters)
    {
        CheckLength(parameters.Length, nameof(parameters));
        SetPoint(parameters);
        double loss = 0;
        long correct = 0;
        for (int start = 0; start < Data.Count; start += _pass.Capacity)
        {
            int rows = Math.Min(_pass.Capacity, Data.Count - start);
            _pass.Load(Data, start, rows);
            loss += Share(rows) * _pass.Forward(out long right);
            correct += right;
        }
        return new NetworkEvaluation(loss, Model.Loss.Classifies ? (double)correct / Data.Count : null);
    }

    /// <summary>
    /// The loss and accuracy at each point θ = <paramref name="origin"/> + Σ_k c_k·<paramref name="directions"/>[k] of an
    /// affine subspace, for each point's coefficients c in turn (<paramref name="coefficients"/> holds one per direction
    /// for each point): what <see cref="Evaluate"/> gives at each point, to roundings in the first layer, but much faster
    /// for many points. The first layer's product is linear in its weight, so each batch multiplies its inputs once by
    /// the origin's and each direction's first-layer weight, and each point combines those products and runs only the
    /// layers above (a slice of the MNIST MLP skips 784·256 of its 269,322 parameters' work per point); the points of
    /// a batch spread over the threads, each whole on one. The rows still go through in batches added in order for each
    /// point, so the answer does not depend on the threads. Returns null when <paramref name="cancel"/> fires first.
    /// </summary>
    public NetworkEvaluation[]? EvaluateAlong(ReadOnlySpan<double> origin, IReadOnlyList<double[]> directions, ReadOnlySpan<double> coefficients,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(directions);
        CheckLength(origin.Length, nameof(origin));
        foreach (var direction in directions) CheckLength(direction.Length, nameof(directions));
        if (directions.Count == 0 || coefficients.Length % directions.Count != 0)
            throw new ArgumentException($"{coefficients.Length} coefficients for {directions.Count} directions", nameof(coefficients));
        int count = coefficients.Length / directions.Count;
        double[] points = coefficients.ToArray();
        _pass.SetSubspace(origin, directions);
        _pointVersion++;
        var losses = new double[count];
        var correct = new long[count];
        for (int start = 0; start < Data.Count; start += _pass.Capacity)
        {
            if (cancel.IsCancellationRequested) return null;
            int rows = Math.Min(_pass.Capacity, Data.Count - start);
            _pass.Load(Data, start, rows);
            _pass.AddSubspaceLosses(points, Share(rows), losses, correct);
        }
        return Enumerable.Range(0, count)
            .Select(p => new NetworkEvaluation(losses[p], Model.Loss.Classifies ? (double)correct[p] / Data.Count : null)).ToArray();
    }

    /// <summary>The loss at <paramref name="parameters"/>, writing its gradient into <paramref name="gradient"/>.</summary>
    public double Gradient(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        CheckLength(parameters.Length, nameof(parameters));
        CheckLength(gradient.Length, nameof(gradient));
        SetPoint(parameters);
        gradient.Clear();
        double loss = 0;
        for (int start = 0; start < Data.Count; start += _pass.Capacity)
        {
            int rows = Math.Min(_pass.Capacity, Data.Count - start);
            _pass.Load(Data, start, rows);
            loss += Share(rows) * _pass.Forward(out _, Share(rows));
            _pass.AddGradient(gradient);
        }
        return loss;
    }

    /// <summary>
    /// The Hessian at <paramref name="parameters"/> over <paramref name="block"/> (default: every parameter), as an
    /// operator: each <see cref="ISymmetricOperator.Multiply"/> is one exact H·v, nothing n×n is ever formed.
    /// </summary>
    public NetworkHessian Hessian(ReadOnlySpan<double> parameters, ParameterBlock? block = null)
    {
        CheckLength(parameters.Length, nameof(parameters));
        return new NetworkHessian(this, parameters.ToArray(), block ?? ParameterBlock.All(Model));
    }

    /// <summary>Adds H·v over the rows to <paramref name="result"/> (already cleared) at the point last set.</summary>
    internal void MultiplyHessian(double[] point, ref int version, ParameterBlock block, ReadOnlySpan<double> vector, Span<double> result)
    {
        if (version != _pointVersion || version == 0)
        {
            SetPoint(point);
            version = _pointVersion;
        }
        _pass.SetDirection(vector, block);
        result.Clear();
        for (int start = 0; start < Data.Count; start += _pass.Capacity)
        {
            int rows = Math.Min(_pass.Capacity, Data.Count - start);
            _pass.Load(Data, start, rows);
            _pass.Forward(out _, Share(rows));
            _pass.AddHessianVector(block, result, Share(rows));
        }
    }

    private void SetPoint(ReadOnlySpan<double> parameters)
    {
        _pass.SetParameters(parameters);
        _pointVersion++;
    }

    /// <summary>A batch's weight in the whole: its share of the rows for a mean loss, 1 for a summed one.</summary>
    private double Share(int rows) => Model.Loss.SumsOverRows ? 1 : (double)rows / Data.Count;

    private void CheckLength(int length, string name)
    {
        if (length != Dimension) throw new ArgumentException($"{name} has {length} entries; the model has {Dimension} parameters", name);
    }

    /// <summary>Releases the threads of the products.</summary>
    public void Dispose()
    {
        if (!ReferenceEquals(_pool, WorkerPool.Single)) _pool.Dispose();
    }
}

/// <summary>How a <see cref="NetworkLoss"/> computes: precision, threads, and rows per batch.</summary>
public sealed record NetworkLossOptions
{
    /// <summary>float32 (the default, as training runs) or float64 (to check).</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>Threads the products are split over; results do not depend on it.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Rows per pass: memory grows with it, the result changes only by roundings.</summary>
    public int BatchRows { get; init; } = 1024;

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Threads < 1 || Threads > 256) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "1 to 256 threads");
        if (BatchRows < 1) throw new ArgumentOutOfRangeException(nameof(BatchRows), BatchRows, "at least one row per batch");
    }
}

/// <summary>A model's loss over a data set, and its accuracy (null for regression).</summary>
public sealed record NetworkEvaluation(double Loss, double? Accuracy);

/// <summary>
/// A network's Hessian at one point, over one block of parameters, as a symmetric operator. Not safe to share between
/// threads (it drives its <see cref="NetworkLoss"/>'s buffers); the products themselves run on the loss's threads.
/// </summary>
public sealed class NetworkHessian : ISymmetricOperator
{
    private readonly NetworkLoss _loss;
    private readonly double[] _point;
    private int _version;

    internal NetworkHessian(NetworkLoss loss, double[] point, ParameterBlock block)
    {
        (_loss, _point, Block) = (loss, point, block);
        Dimension = block.Dimension(loss.Model);
    }

    /// <summary>The parameters it is taken over.</summary>
    public ParameterBlock Block { get; }

    /// <inheritdoc/>
    public int Dimension { get; }

    /// <summary>The point θ (every parameter, not only the block's).</summary>
    public ReadOnlySpan<double> Point => _point;

    /// <inheritdoc/>
    public void Multiply(ReadOnlySpan<double> vector, Span<double> result)
    {
        if (vector.Length != Dimension) throw new ArgumentException($"vector has {vector.Length} entries, not {Dimension}", nameof(vector));
        if (result.Length != Dimension) throw new ArgumentException($"result has {result.Length} entries, not {Dimension}", nameof(result));
        _loss.MultiplyHessian(_point, ref _version, Block, vector, result);
    }
}
