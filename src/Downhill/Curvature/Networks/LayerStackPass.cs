using System.Numerics;
using Downhill.Learning.Autodiff;
using Downhill.Learning.Data;
using Downhill.Learning.Losses;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Curvature.Networks;

/// <summary>A <see cref="LayerStackPass{T}"/> of either precision, seen from code that works in double.</summary>
internal interface ILayerStackPass
{
    int Capacity { get; }
    void SetParameters(ReadOnlySpan<double> parameters);
    void SetDirection(ReadOnlySpan<double> direction, ParameterBlock block);
    void Load(Dataset data, int start, int count);
    double Forward(out long correct, double? gradientScale = null);
    void AddGradient(Span<double> gradient);
    void AddHessianVector(ParameterBlock block, Span<double> result, double gradientScale);
    void SetSubspace(ReadOnlySpan<double> origin, IReadOnlyList<double[]> directions);
    void AddSubspaceLosses(double[] coefficients, double share, double[] losses, long[] correct);
}

/// <summary>
/// One batch of rows through a model's layer stack in precision <typeparamref name="T"/>: the loss, its gradient, and
/// exact Hessian-vector products by Pearlmutter's R-operator ("Fast Exact Multiplication by the Hessian", 1994).
/// </summary>
/// <remarks>
/// <para>
/// Why forward-over-reverse rather than double backward: the R-operator carries one tangent beside each value through
/// the forward pass and one beside each gradient through the backward pass, with fixed buffers, so an H·v costs a
/// handful of products per layer and allocates nothing; double backward would have to record the backward pass as a
/// second graph (PyTorch's create_graph) and keep it in memory. Each operation's rules sit side by side below: for a
/// layer Z = A·W + b, Y = f(Z) with direction (V, v_b),
/// </para>
/// <list type="bullet">
/// <item>forward: Z = A·W + b, Y = f(Z); tangent: Ż = Ȧ·W + A·V + v_b, Ẏ = f′(Z)⊙Ż (Ȧ = 0 for the inputs);</item>
/// <item>loss: G = ∂ℓ/∂Z_out, Ġ = ∇²ℓ(Z_out)·Ż_out (<see cref="Loss.HessianVector{T}"/>);</item>
/// <item>backward: ∂W = Aᵀ·G, ∂b = Σ_rows G, D = G·Wᵀ, G_prev = f′(Z_prev)⊙D;</item>
/// <item>tangent backward: (H·v)_W = Aᵀ·Ġ + Ȧᵀ·G, (H·v)_b = Σ_rows Ġ, Ḋ = Ġ·Wᵀ + G·Vᵀ,
/// Ġ_prev = f′(Z_prev)⊙Ḋ + f″(Z_prev)⊙Ż_prev⊙D.</item>
/// </list>
/// <para>
/// Layers outside the block carry no direction (V = 0) and those below it no tangent, so their terms are skipped.
/// Where f″ does not exist (relu at 0) <see cref="Activation"/> documents the convention. Sums over rows (the bias
/// terms) and every contribution to the caller's vectors are accumulated in double.
/// </para>
/// <para>
/// Many points of an affine subspace θ(c) = o + Σ_k c_k·d_k (a slice of the landscape) go faster than one at a time
/// (<see cref="SetSubspace"/>): the first layer's product is linear in its weight, X·W₀(c) = X·W₀⁽ᵒ⁾ + Σ_k c_k·X·W₀⁽ᵏ⁾,
/// so each batch multiplies its inputs once by the origin's and each direction's first weight, and each point only
/// combines those products and runs the layers above. For the MNIST MLP the first layer holds 200,704 of the 269,322
/// parameters, so most of the work is done once per batch instead of once per point. The points of a batch spread over
/// the pool's threads, each point whole on one thread (a pass of its own with one-thread products), so a thread waits
/// for the others once per batch rather than at every product, and no point's value depends on which thread ran it.
/// </para>
/// </remarks>
internal sealed class LayerStackPass<T> : ILayerStackPass where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Model _model;
    private readonly Loss _loss;
    private readonly Products<T> _products;
    private readonly WorkerPool _pool;
    private readonly LayerBuffers[] _layers;
    private readonly Memory<T> _x, _y, _d, _dTangent, _scratch;
    private readonly int _capacity, _targetWidth;
    private Subspace? _subspace;
    private LayerStackPass<T>[]? _pointWorkers;
    private SubspacePoints? _points;
    private double[] _point = [];
    private int _rows;

    public LayerStackPass(Model model, int capacity, WorkerPool pool) : this(model, capacity, pool, forwardOnly: false)
    {
    }

    /// <summary>With <paramref name="forwardOnly"/>, a point worker: buffers for the forward pass only, no inputs of its own.</summary>
    private LayerStackPass(Model model, int capacity, WorkerPool pool, bool forwardOnly)
    {
        _model = model;
        _loss = model.Loss;
        _capacity = capacity;
        _pool = pool;
        _products = Products<T>.Create(pool);
        _targetWidth = _loss.TakesClassIndices ? 1 : model.Outputs;
        _y = AlignedMemory.Allocate<T>(capacity * _targetWidth);
        _layers = model.Layers.Select(l => new LayerBuffers(l, capacity, forwardOnly)).ToArray();
        if (forwardOnly) return;
        _x = AlignedMemory.Allocate<T>(capacity * model.Inputs);
        int widest = model.Layers.Max(l => l.Inputs);
        _d = AlignedMemory.Allocate<T>(capacity * widest);
        _dTangent = AlignedMemory.Allocate<T>(capacity * widest);
        _scratch = AlignedMemory.Allocate<T>(model.Layers.Max(l => l.Inputs * l.Outputs));
    }

    /// <summary>The most rows one pass takes.</summary>
    public int Capacity => _capacity;

    /// <summary>Sets the point: every weight and bias, flat in the model's order (layer by layer, weight then bias).</summary>
    public void SetParameters(ReadOnlySpan<double> parameters)
    {
        var first = _layers[0];
        Convert(parameters[..first.W.Length], first.W.Span);
        SetParametersPastFirstWeight(parameters[first.W.Length..]);
    }

    /// <summary>Sets every parameter after the first layer's weight: its bias, then the layers above.</summary>
    private void SetParametersPastFirstWeight(ReadOnlySpan<double> parameters)
    {
        Convert(parameters[.._layers[0].B.Length], _layers[0].B.Span);
        int at = _layers[0].B.Length;
        foreach (var layer in _layers.AsSpan(1))
        {
            Convert(parameters.Slice(at, layer.W.Length), layer.W.Span);
            at += layer.W.Length;
            Convert(parameters.Slice(at, layer.B.Length), layer.B.Span);
            at += layer.B.Length;
        }
    }

    /// <summary>Sets the direction v over <paramref name="block"/> (its length is the block's dimension).</summary>
    public void SetDirection(ReadOnlySpan<double> direction, ParameterBlock block)
    {
        int at = 0;
        for (int l = block.FirstLayer; l <= block.LastLayer; l++)
        {
            var layer = _layers[l];
            Convert(direction.Slice(at, layer.V.Length), layer.V.Span);
            at += layer.V.Length;
            Convert(direction.Slice(at, layer.VB.Length), layer.VB.Span);
            at += layer.VB.Length;
        }
    }

    /// <summary>Copies rows [<paramref name="start"/>, start + <paramref name="count"/>) of <paramref name="data"/> in.</summary>
    public void Load(Dataset data, int start, int count)
    {
        if (count < 1 || count > _capacity) throw new ArgumentOutOfRangeException(nameof(count), count, $"1 to {_capacity} rows");
        _rows = count;
        Convert(data.Features.AsSpan(start * data.FeatureCount, count * data.FeatureCount), _x.Span);
        Convert(data.Targets.AsSpan(start * _targetWidth, count * _targetWidth), _y.Span);
        foreach (var layer in _layers) layer.Shape(count);
        _products.SetInput(_x, count, _model.Inputs, _model.Layers[0].Outputs);
    }

    /// <summary>
    /// The forward pass over the loaded rows: returns the loss (the batch's mean, or sum for a summing loss) and
    /// counts the rows classified right. With <paramref name="gradientScale"/> set it also keeps f′, f″ and
    /// ∂loss/∂output times that scale, for <see cref="AddGradient"/> and <see cref="AddHessianVector"/>.
    /// </summary>
    public double Forward(out long correct, double? gradientScale = null)
    {
        var first = _layers[0];
        _products.InputTimes(first.W, first.Z, first.Outputs, accumulate: false);
        return ForwardFromFirstProduct(out correct, gradientScale);
    }

    /// <summary>
    /// Sets the affine subspace θ(c) = <paramref name="origin"/> + Σ_k c_k·<paramref name="directions"/>[k] (each flat in
    /// the model's order) whose points <see cref="ForwardInSubspace"/> evaluates. Overwrites the point set last.
    /// </summary>
    public void SetSubspace(ReadOnlySpan<double> origin, IReadOnlyList<double[]> directions)
    {
        if (directions.Count == 0) throw new ArgumentException("a subspace needs at least one direction", nameof(directions));
        var first = _layers[0];
        int terms = directions.Count + 1, weights = first.W.Length, rest = origin.Length - weights;
        if (_subspace is null || _subspace.Terms != terms) _subspace = new Subspace(terms, weights, _capacity * first.Outputs, rest);
        for (int k = 0; k < terms; k++)
        {
            var term = k == 0 ? origin : directions[k - 1];
            Convert(term[..weights], _subspace.Weights[k].Span);
            term[weights..].CopyTo(_subspace.Rest(k));
        }
    }

    /// <summary>
    /// After <see cref="Load"/>: the forward pass (as <see cref="Forward"/> without a gradient) at each point of the
    /// subspace set last, point p's coefficients c (one per direction) at <paramref name="coefficients"/>[p·k, (p+1)·k),
    /// adding <paramref name="share"/> times its loss to <paramref name="losses"/>[p] and its rows classified right to
    /// <paramref name="correct"/>[p]. The parameters past the first weight are formed in double as <c>LossSlices</c>
    /// forms a point, so they equal <see cref="SetParameters"/>'s to the bit; the first layer's product is the batch's
    /// products combined, X·W₀(c) up to roundings. Allocates nothing once the pool's point workers exist.
    /// </summary>
    public void AddSubspaceLosses(double[] coefficients, double share, double[] losses, long[] correct)
    {
        var s = _subspace ?? throw new InvalidOperationException("no subspace set");
        int width = s.Terms - 1;
        if (coefficients.Length != losses.Length * width || correct.Length != losses.Length)
            throw new ArgumentException($"{coefficients.Length} coefficients, {losses.Length} losses and {correct.Length} counts for {width} directions", nameof(coefficients));
        var first = _layers[0];
        for (int k = 0; k < s.Terms; k++)
            _products.InputTimes(s.Weights[k], s.Products[k][..(_rows * first.Outputs)], first.Outputs, accumulate: false);
        if (_pool.Threads == 1)
        {
            for (int p = 0; p < losses.Length; p++)
            {
                losses[p] += share * ForwardInSubspace(s, coefficients.AsSpan(p * width, width), out long right);
                correct[p] += right;
            }
            return;
        }
        _pointWorkers ??= Enumerable.Range(0, _pool.Threads).Select(_ => new LayerStackPass<T>(_model, _capacity, WorkerPool.Single, forwardOnly: true)).ToArray();
        foreach (var worker in _pointWorkers) worker.TakeRows(this);
        _points ??= new SubspacePoints(this);
        _points.Start(coefficients, share, losses, correct);
        _pool.Run(_points);
    }

    /// <summary>Takes <paramref name="source"/>'s loaded rows' count and targets (not its inputs: a point worker starts from the first layer's products).</summary>
    private void TakeRows(LayerStackPass<T> source)
    {
        _rows = source._rows;
        source._y.Span[..(_rows * _targetWidth)].CopyTo(_y.Span);
        foreach (var layer in _layers) layer.Shape(_rows);
    }

    /// <summary>
    /// The forward pass at the point of subspace <paramref name="s"/> (set on this pass or on the one this works for)
    /// with <paramref name="coefficients"/>, from the batch's first-layer products.
    /// </summary>
    private double ForwardInSubspace(Subspace s, ReadOnlySpan<double> coefficients, out long correct)
    {
        if (_point.Length != s.RestLength) _point = new double[s.RestLength];
        // o + c₁·d₁ + c₂·d₂ + … past the first weight, in that order (as LossSlices forms a point).
        TensorPrimitives.MultiplyAdd(s.Rest(1), coefficients[0], s.Rest(0), _point);
        for (int k = 2; k < s.Terms; k++) TensorPrimitives.MultiplyAdd(s.Rest(k), coefficients[k - 1], _point, _point);
        SetParametersPastFirstWeight(_point);
        var z = _layers[0].Z.Span;
        TensorPrimitives.MultiplyAdd(s.Products[1].Span[..z.Length], T.CreateTruncating(coefficients[0]), s.Products[0].Span[..z.Length], z);
        for (int k = 2; k < s.Terms; k++) TensorPrimitives.MultiplyAdd(s.Products[k].Span[..z.Length], T.CreateTruncating(coefficients[k - 1]), z, z);
        return ForwardFromFirstProduct(out correct, null);
    }

    /// <summary>The forward pass from the first layer's product X·W₀, already in its Z, on (see <see cref="Forward"/>).</summary>
    private double ForwardFromFirstProduct(out long correct, double? gradientScale)
    {
        T? scale = gradientScale is { } s ? T.CreateTruncating(s) : null;
        int m = _rows;
        for (int l = 0; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            if (l > 0) _products.Multiply(_layers[l - 1].A, false, layer.W, false, layer.Z, m, layer.Inputs, layer.Outputs, accumulate: false);
            AddRow(layer.Z.Span, layer.B.Span, m);
            if (layer.Activation is not { } f) continue;
            f.Apply<T>(layer.Z.Span, layer.A.Span);
            if (scale is not null) f.Derivatives<T>(layer.Z.Span, layer.A.Span, layer.First.Span, layer.Second.Span);
        }
        var last = _layers[^1];
        correct = CountCorrect(last.Z.Span, last.Outputs);
        return _loss.Evaluate<T>(last.Z.Span, _y.Span[..(m * _targetWidth)], m, last.Outputs,
            scale is null ? Span<T>.Empty : last.G.Span, scale ?? T.One);
    }

    /// <summary>After <see cref="Forward"/> with a gradient scale: adds the scaled gradient to <paramref name="gradient"/>.</summary>
    public void AddGradient(Span<double> gradient)
    {
        int m = _rows, at = gradient.Length;
        for (int l = _layers.Length - 1; l >= 0; l--)
        {
            var layer = _layers[l];
            at -= layer.W.Length + layer.B.Length;
            var dw = _scratch[..layer.W.Length];
            if (l == 0) _products.InputTransposedTimes(layer.G, dw, layer.Outputs, accumulate: false);
            else _products.Multiply(_layers[l - 1].A, true, layer.G, false, dw, layer.Inputs, m, layer.Outputs, accumulate: false);
            AddTo(gradient.Slice(at, layer.W.Length), dw.Span);
            AddColumnSums(gradient.Slice(at + layer.W.Length, layer.B.Length), layer.G.Span, m);
            if (l > 0) BackToPrevious(l, layer.G, null, inBlock: false);
        }
    }

    /// <summary>
    /// After <see cref="Forward"/> with a gradient scale and <see cref="SetDirection"/>: adds H·v over
    /// <paramref name="block"/> for these rows, scaled as the gradient is, to <paramref name="result"/>.
    /// </summary>
    public void AddHessianVector(ParameterBlock block, Span<double> result, double gradientScale)
    {
        T scale = T.CreateTruncating(gradientScale);
        int m = _rows, low = block.FirstLayer;
        // Tangent forward, from the block's first layer up (below it every tangent is zero).
        for (int l = low; l < _layers.Length; l++)
        {
            var layer = _layers[l];
            bool written = false;
            if (l > low)
            {
                _products.Multiply(_layers[l - 1].ATangent, false, layer.W, false, layer.ZTangent, m, layer.Inputs, layer.Outputs, accumulate: false);
                written = true;
            }
            if (block.Contains(l))
            {
                if (l == 0) _products.InputTimes(layer.V, layer.ZTangent, layer.Outputs, accumulate: written);
                else _products.Multiply(_layers[l - 1].A, false, layer.V, false, layer.ZTangent, m, layer.Inputs, layer.Outputs, accumulate: written);
                AddRow(layer.ZTangent.Span, layer.VB.Span, m);
            }
            if (layer.Activation is not null)
                TensorPrimitives.Multiply<T>(layer.First.Span, layer.ZTangent.Span, layer.ATangent.Span);
        }
        var last = _layers[^1];
        _loss.HessianVector<T>(last.Z.Span, _y.Span[..(m * _targetWidth)], last.ZTangent.Span, m, last.Outputs, last.GTangent.Span, scale);

        // Backward and tangent backward, down to the block's first layer.
        int end = 0;
        for (int l = low; l <= block.LastLayer; l++) end += _layers[l].W.Length + _layers[l].B.Length;
        for (int l = _layers.Length - 1; l >= low; l--)
        {
            var layer = _layers[l];
            if (block.Contains(l))
            {
                end -= layer.W.Length + layer.B.Length;
                var hw = _scratch[..layer.W.Length];
                if (l == 0) _products.InputTransposedTimes(layer.GTangent, hw, layer.Outputs, accumulate: false);
                else _products.Multiply(_layers[l - 1].A, true, layer.GTangent, false, hw, layer.Inputs, m, layer.Outputs, accumulate: false);
                if (l > low) _products.Multiply(_layers[l - 1].ATangent, true, layer.G, false, hw, layer.Inputs, m, layer.Outputs, accumulate: true);
                AddTo(result.Slice(end, layer.W.Length), hw.Span);
                AddColumnSums(result.Slice(end + layer.W.Length, layer.B.Length), layer.GTangent.Span, m);
            }
            if (l > low) BackToPrevious(l, layer.G, layer.GTangent, block.Contains(l));
        }
    }

    /// <summary>
    /// From layer <paramref name="l"/>'s ∂loss/∂Z (and, when <paramref name="gTangent"/> is given, its tangent) to
    /// layer l − 1's: D = G·Wᵀ, G_prev = f′⊙D; Ḋ = Ġ·Wᵀ (+ G·Vᵀ in the block), Ġ_prev = f′⊙Ḋ + f″⊙Ż_prev⊙D.
    /// </summary>
    private void BackToPrevious(int l, Memory<T> g, Memory<T>? gTangent, bool inBlock)
    {
        int m = _rows;
        var layer = _layers[l];
        var previous = _layers[l - 1];
        int width = layer.Inputs;
        var dSlice = _d[..(m * width)];
        _products.Multiply(g, false, layer.W, true, dSlice, m, layer.Outputs, width, accumulate: false);
        if (gTangent is { } gt)
        {
            var dt = _dTangent[..(m * width)];
            _products.Multiply(gt, false, layer.W, true, dt, m, layer.Outputs, width, accumulate: false);
            if (inBlock) _products.Multiply(g, false, layer.V, true, dt, m, layer.Outputs, width, accumulate: true);
            if (previous.Activation is { } f)
            {
                var pt = previous.GTangent.Span;
                TensorPrimitives.Multiply<T>(previous.First.Span, dt.Span, pt);
                if (f.HasSecondDerivative)
                {
                    // f″⊙Ż⊙D, added in place: Ż⊙D goes through the D-tangent buffer, which is free again.
                    TensorPrimitives.Multiply<T>(previous.ZTangent.Span, dSlice.Span, dt.Span);
                    TensorPrimitives.MultiplyAdd<T>(previous.Second.Span, dt.Span, pt, pt);
                }
            }
            else dt.Span.CopyTo(previous.GTangent.Span);
        }
        if (previous.Activation is not null) TensorPrimitives.Multiply<T>(previous.First.Span, dSlice.Span, previous.G.Span);
        else dSlice.Span.CopyTo(previous.G.Span);
    }

    private long CountCorrect(ReadOnlySpan<T> output, int columns)
    {
        long correct = 0;
        ReadOnlySpan<T> target = _y.Span;
        if (_loss.TakesClassIndices)
        {
            for (int i = 0; i < _rows; i++)
                if (TensorPrimitives.IndexOfMax(output.Slice(i * columns, columns)) == int.CreateTruncating(target[i])) correct++;
        }
        else if (_loss.TakesBinaryLabels)
        {
            for (int i = 0; i < _rows; i++)
                if ((output[i] > T.Zero ? T.One : T.Zero) == target[i]) correct++;
        }
        return correct;
    }

    /// <summary>Adds <paramref name="row"/> to each of the <paramref name="rows"/> rows of <paramref name="matrix"/>.</summary>
    private static void AddRow(Span<T> matrix, ReadOnlySpan<T> row, int rows)
    {
        int n = row.Length;
        for (int i = 0; i < rows; i++) TensorPrimitives.Add<T>(matrix.Slice(i * n, n), row, matrix.Slice(i * n, n));
    }

    /// <summary>sums[j] += Σ_i matrix[i, j], in double, rows in order.</summary>
    private static void AddColumnSums(Span<double> sums, ReadOnlySpan<T> matrix, int rows)
    {
        int n = sums.Length;
        for (int i = 0; i < rows; i++)
        {
            var row = matrix.Slice(i * n, n);
            for (int j = 0; j < n; j++) sums[j] += double.CreateTruncating(row[j]);
        }
    }

    private static void AddTo(Span<double> sums, ReadOnlySpan<T> values)
    {
        for (int i = 0; i < sums.Length; i++) sums[i] += double.CreateTruncating(values[i]);
    }

    private static void Convert<TFrom>(ReadOnlySpan<TFrom> source, Span<T> destination) where TFrom : INumberBase<TFrom> =>
        TensorPrimitives.ConvertTruncating(source, destination[..source.Length]);

    /// <summary>
    /// An affine subspace's terms (the origin, then each direction): the first layer's weight of each in
    /// <typeparamref name="T"/> and the batch's inputs times it, and the rest of each term's parameters in double, with
    /// room for one point's.
    /// </summary>
    private sealed class Subspace
    {
        private readonly double[] _rest;

        public Subspace(int terms, int weights, int products, int rest)
        {
            Terms = terms;
            Weights = Enumerable.Range(0, terms).Select(_ => AlignedMemory.Allocate<T>(weights)).ToArray();
            Products = Enumerable.Range(0, terms).Select(_ => AlignedMemory.Allocate<T>(products)).ToArray();
            _rest = new double[terms * rest];
            RestLength = rest;
        }

        public int Terms { get; }
        public Memory<T>[] Weights { get; }
        public Memory<T>[] Products { get; }
        public int RestLength { get; }

        /// <summary>Term <paramref name="k"/>'s parameters past the first layer's weight.</summary>
        public Span<double> Rest(int k) => _rest.AsSpan(k * RestLength, RestLength);
    }

    /// <summary>
    /// The points of one batch spread over the pool: each thread takes the next point not yet taken and runs it whole on
    /// its own point worker, so a slow thread holds up no one, and each point's loss is added to its own total.
    /// </summary>
    private sealed class SubspacePoints(LayerStackPass<T> owner) : IParallelWork
    {
        private double[] _coefficients = [], _losses = [];
        private long[] _correct = [];
        private double _share;
        private int _next;

        public void Start(double[] coefficients, double share, double[] losses, long[] correct) =>
            (_coefficients, _share, _losses, _correct, _next) = (coefficients, share, losses, correct, 0);

        public void Execute(int part, int parts)
        {
            var worker = owner._pointWorkers![part];
            var s = owner._subspace!;
            int width = s.Terms - 1;
            for (int p = Interlocked.Increment(ref _next) - 1; p < _losses.Length; p = Interlocked.Increment(ref _next) - 1)
            {
                _losses[p] += _share * worker.ForwardInSubspace(s, _coefficients.AsSpan(p * width, width), out long right);
                _correct[p] += right;
            }
        }
    }

    /// <summary>
    /// A layer's parameters and direction in <typeparamref name="T"/>, and its per-row buffers: Z, Y = f(Z), their
    /// tangents, f′ and f″, ∂loss/∂Z and its tangent. Without an activation Y is Z itself.
    /// </summary>
    private sealed class LayerBuffers
    {
        private readonly Memory<T> _z, _zTangent, _a, _aTangent, _first, _second, _g, _gTangent;

        /// <summary>With <paramref name="forwardOnly"/>, only what the forward pass without a gradient uses: W, B, Z and Y.</summary>
        public LayerBuffers(DenseLayer layer, int capacity, bool forwardOnly)
        {
            (Inputs, Outputs, Activation) = (layer.Inputs, layer.Outputs, layer.Activation);
            int size = capacity * Outputs;
            Memory<T> Make(int length) => AlignedMemory.Allocate<T>(length);
            Memory<T> Beyond(int length) => forwardOnly ? Memory<T>.Empty : Make(length);
            (W, B, V, VB) = (Make(layer.Weight.Length), Make(layer.Bias.Length), Beyond(layer.Weight.Length), Beyond(layer.Bias.Length));
            (_z, _zTangent, _g, _gTangent) = (Make(size), Beyond(size), Beyond(size), Beyond(size));
            if (Activation is not null)
            {
                (_a, _aTangent, _first) = (Make(size), Beyond(size), Beyond(size));
                _second = Activation.HasSecondDerivative ? Beyond(size) : Memory<T>.Empty;
            }
            else (_a, _aTangent) = (_z, _zTangent);
        }

        public int Inputs { get; }
        public int Outputs { get; }
        public Activation? Activation { get; }
        public Memory<T> W { get; }
        public Memory<T> B { get; }
        public Memory<T> V { get; }
        public Memory<T> VB { get; }
        public Memory<T> Z { get; private set; }
        public Memory<T> ZTangent { get; private set; }
        public Memory<T> A { get; private set; }
        public Memory<T> ATangent { get; private set; }
        public Memory<T> First { get; private set; }
        public Memory<T> Second { get; private set; }
        public Memory<T> G { get; private set; }
        public Memory<T> GTangent { get; private set; }

        /// <summary>Cuts the buffers to <paramref name="rows"/> rows.</summary>
        public void Shape(int rows)
        {
            int size = rows * Outputs;
            (Z, ZTangent, A, ATangent, G, GTangent) = (Cut(_z, size), Cut(_zTangent, size), Cut(_a, size), Cut(_aTangent, size), Cut(_g, size), Cut(_gTangent, size));
            (First, Second) = (Cut(_first, size), Cut(_second, size));
        }

        /// <summary>The first <paramref name="size"/> entries of <paramref name="buffer"/>; an absent buffer stays absent.</summary>
        private static Memory<T> Cut(Memory<T> buffer, int size) => buffer.IsEmpty ? buffer : buffer[..size];
    }
}
