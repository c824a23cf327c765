using Downhill.Curvature.Spectra;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Running;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Curvature.Networks;

/// <summary>
/// The curvature of a model's training loss at its current weights, over a data split: by default every row (the
/// low-variance estimate PyHessian's users ask for), or a random batch of rows, PyHessian's cheaper habit, in which case
/// the largest eigenvalue is also taken on further disjoint batches to show the spread a batch brings.
/// </summary>
public static class NetworkCurvature
{
    /// <summary>
    /// Measures <paramref name="model"/>'s Hessian on <paramref name="data"/> as <paramref name="request"/> asks. A loss
    /// that is not finite at the weights is a report with its reason, not an exception.
    /// </summary>
    public static NetworkCurvatureReport Analyze(Model model, Dataset data, CurvatureRequest request, NetworkCurvatureOptions? options = null,
        ICurvatureObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        options ??= new NetworkCurvatureOptions();
        options.Validate();
        var block = options.Layer is { } layer ? ParameterBlock.Layer(model, layer) : ParameterBlock.All(model);
        request.Validate(block.Dimension(model));
        var batches = Batches(data, options, request.Seed);
        var rows = batches[0];
        using var loss = new NetworkLoss(model, rows, options.LossOptions);
        double[] theta = loss.Parameters();
        var gradient = new double[loss.Dimension];
        loss.Gradient(theta, gradient);
        var at = loss.Evaluate(theta);
        double gradientNorm = TensorPrimitives.Norm<double>(gradient);
        var report = new NetworkCurvatureReport
        {
            Model = model.Spec, Parameters = model.ParameterCount, Block = block.Describe(model), BlockDimension = block.Dimension(model),
            Rows = rows.Count, SplitRows = data.Count, Precision = options.Precision, Loss = at.Loss, Accuracy = at.Accuracy,
            GradientNorm = gradientNorm,
        };
        if (!double.IsFinite(at.Loss) || !double.IsFinite(gradientNorm))
            return report with { Reason = $"the loss at these weights is {at.Loss} (its gradient's norm {gradientNorm}): there is no curvature to measure" };
        var curvature = CurvatureAnalysis.Analyze(loss.Hessian(theta, block), request, observer, cancel);
        if (curvature.Completion == SpectrumCompletion.NotFinite)
            report = report with { Reason = "a Hessian-vector product was not finite: the loss is not finite near these weights" };
        report = report with { Curvature = curvature };
        if (batches.Count > 1 && curvature.Completion is SpectrumCompletion.Converged or SpectrumCompletion.BudgetSpent)
            report = report with { Spread = Spread(model, batches, curvature, request, options, block, observer, cancel) };
        return report;
    }

    /// <summary>The whole split, or <see cref="NetworkCurvatureOptions.BatchRows"/> random rows and further disjoint batches like it.</summary>
    private static IReadOnlyList<Dataset> Batches(Dataset data, NetworkCurvatureOptions options, ulong seed)
    {
        if (options.BatchRows is not { } size || size >= data.Count) return [data];
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        new SeededRandom(seed ^ 0xBA7C4UL).Shuffle(order);
        int count = Math.Min(options.SpreadBatches, data.Count / size);
        return Enumerable.Range(0, Math.Max(count, 1))
            .Select(b => data.Subset(order.AsSpan(b * size, size), $"{data.Name} (batch {b + 1} of {size} rows)")).ToList();
    }

    /// <summary>λmax on each batch (the first's from the main analysis when it asked for it).</summary>
    private static BatchSpread Spread(Model model, IReadOnlyList<Dataset> batches, CurvatureReport first, CurvatureRequest request,
        NetworkCurvatureOptions options, ParameterBlock block, ICurvatureObserver? observer, CancellationToken cancel)
    {
        var values = new List<double>();
        for (int b = 0; b < batches.Count && !cancel.IsCancellationRequested; b++)
        {
            if (b == 0 && first.Top.Count > 0) { values.Add(first.Top[0].Value); continue; }
            using var loss = new NetworkLoss(model, batches[b], options.LossOptions);
            var top = Lanczos.Extremes(loss.Hessian(loss.Parameters(), block), 1, 0, request.Lanczos with { Seed = request.Seed }, observer, cancel);
            if (top.Completion is SpectrumCompletion.Cancelled or SpectrumCompletion.NotFinite || top.Top.Count == 0) break;
            values.Add(top.Top[0].Value);
        }
        return new BatchSpread(batches[0].Count, values);
    }
}

/// <summary>How to take a network's curvature: precision, threads, rows per pass, a random batch instead of the split, one layer.</summary>
public sealed record NetworkCurvatureOptions
{
    /// <summary>The precision of the Hessian-vector products.</summary>
    public Precision Precision { get; init; } = Precision.Float32;

    /// <summary>Threads for the products.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Null: every row of the split; else a random batch of this many rows (and the spread over others).</summary>
    public int? BatchRows { get; init; }

    /// <summary>With <see cref="BatchRows"/>: how many disjoint batches the largest eigenvalue is taken on.</summary>
    public int SpreadBatches { get; init; } = 5;

    /// <summary>Null: every parameter; else one layer's block (1-based).</summary>
    public int? Layer { get; init; }

    internal NetworkLossOptions LossOptions => new() { Precision = Precision, Threads = Threads };

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Threads < 1 || Threads > 256) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "1 to 256 threads");
        if (BatchRows is < 1) throw new ArgumentOutOfRangeException(nameof(BatchRows), BatchRows, "at least one row");
        if (SpreadBatches < 1) throw new ArgumentOutOfRangeException(nameof(SpreadBatches), SpreadBatches, "at least one batch");
    }
}

/// <summary>
/// A network's curvature report: the model, the block and rows it was taken over, the loss, accuracy and gradient
/// norm there, the <see cref="CurvatureReport"/> (null when the loss was not finite: see <see cref="Reason"/>), and
/// with a batch, the spread of λmax over batches.
/// </summary>
public sealed record NetworkCurvatureReport
{
    /// <summary>The model's description.</summary>
    public required string Model { get; init; }
    /// <summary>The model's parameter count.</summary>
    public required int Parameters { get; init; }
    /// <summary>The block of parameters the Hessian was taken over (the whole network or one layer).</summary>
    public required string Block { get; init; }
    /// <summary>Parameters in that block: the Hessian's dimension.</summary>
    public required int BlockDimension { get; init; }
    /// <summary>Rows the Hessian was taken over.</summary>
    public required int Rows { get; init; }
    /// <summary>Rows of the split they came from.</summary>
    public required int SplitRows { get; init; }
    /// <summary>The precision of the Hessian-vector products.</summary>
    public required Precision Precision { get; init; }
    /// <summary>The loss over the rows.</summary>
    public required double Loss { get; init; }
    /// <summary>The accuracy over the rows, for a classifier.</summary>
    public double? Accuracy { get; init; }
    /// <summary>‖∇L‖₂ over the block.</summary>
    public required double GradientNorm { get; init; }
    /// <summary>The curvature measured, or null (see <see cref="Reason"/>).</summary>
    public CurvatureReport? Curvature { get; init; }
    /// <summary>With a batch, λmax over several other batches.</summary>
    public BatchSpread? Spread { get; init; }
    /// <summary>Why nothing (or not all) was measured, or null.</summary>
    public string? Reason { get; init; }
}

/// <summary>The largest eigenvalue on each of several disjoint random batches of <paramref name="Rows"/> rows.</summary>
public sealed record BatchSpread(int Rows, IReadOnlyList<double> LargestEigenvalues)
{
    /// <summary>The smallest of the batches' λmax.</summary>
    public double Min => LargestEigenvalues.Min();
    /// <summary>The largest of the batches' λmax.</summary>
    public double Max => LargestEigenvalues.Max();
    /// <summary>The mean of the batches' λmax.</summary>
    public double Mean => LargestEigenvalues.Average();

    /// <summary>The sample standard deviation (0 for one batch).</summary>
    public double StandardDeviation => LargestEigenvalues.Count < 2 ? 0
        : Math.Sqrt(LargestEigenvalues.Sum(v => (v - Mean) * (v - Mean)) / (LargestEigenvalues.Count - 1));
}
