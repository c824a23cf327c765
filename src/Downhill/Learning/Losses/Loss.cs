using System.Numerics;

namespace Downhill.Learning.Losses;

/// <summary>
/// A loss over a batch: predictions [rows, columns] against targets, reduced to one number (torch's reduction),
/// with its gradient with respect to the predictions. Values are accumulated in double and in order.
/// </summary>
public abstract class Loss
{
    /// <summary>The name on the command line, e.g. "mse".</summary>
    public abstract string Name { get; }

    /// <summary>True when targets are class indices (one column, stored as floats) rather than values.</summary>
    public virtual bool TakesClassIndices => false;

    /// <summary>True when the prediction is one logit per row for two classes (positive means class 1).</summary>
    public virtual bool TakesBinaryLabels => false;

    /// <summary>True for losses of classifiers, whose predictions have an accuracy.</summary>
    public bool Classifies => TakesClassIndices || TakesBinaryLabels;

    /// <summary>True for a sum over rows (RSS) rather than a mean, so batch losses add up instead of averaging.</summary>
    public virtual bool SumsOverRows => false;

    /// <summary>
    /// The loss of <paramref name="prediction"/> against <paramref name="target"/>; when <paramref name="gradient"/>
    /// is not empty, ∂loss/∂prediction (scaled by <paramref name="scale"/>) is written there. Float for training,
    /// double for checking curvature; the loss itself is accumulated in double either way.
    /// </summary>
    public abstract double Evaluate<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, int rows, int columns,
        Span<T> gradient, T scale) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>
    /// The tangent of the gradient: ∇²loss(prediction)·<paramref name="direction"/>, the Hessian of the loss with
    /// respect to the predictions times a direction in prediction space (scaled by <paramref name="scale"/>), written
    /// to <paramref name="result"/>. Forward-over-reverse curvature (Downhill.Curvature) seeds its backward tangent
    /// with it.
    /// </summary>
    public abstract void HessianVector<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, ReadOnlySpan<T> direction,
        int rows, int columns, Span<T> result, T scale) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>The mean of (ŷ − y)².</summary>
    public static Loss MeanSquaredError { get; } = new MeanSquaredError();
    /// <summary>The sum of (ŷ − y)².</summary>
    public static Loss ResidualSumOfSquares { get; } = new ResidualSumOfSquares();
    /// <summary>The mean of |ŷ − y|.</summary>
    public static Loss MeanAbsoluteError { get; } = new MeanAbsoluteError();
    /// <summary>Huber's loss with δ = 1: quadratic within 1 of the target, linear beyond.</summary>
    public static Loss Huber { get; } = new HuberLoss(1.0);
    /// <summary>Binary cross-entropy of a logit against a 0/1 target.</summary>
    public static Loss BinaryCrossEntropy { get; } = new BinaryCrossEntropyWithLogits();
    /// <summary>Cross-entropy of the softmax of the logits against a class index.</summary>
    public static Loss SoftmaxCrossEntropy { get; } = new SoftmaxCrossEntropy();

    /// <summary>Every loss, by name.</summary>
    public static IReadOnlyList<Loss> All { get; } =
        [MeanSquaredError, ResidualSumOfSquares, MeanAbsoluteError, Huber, BinaryCrossEntropy, SoftmaxCrossEntropy];

    /// <summary>The loss named <paramref name="name"/> (huber takes <c>huber:delta=…</c>), or an error listing them.</summary>
    public static Loss Parse(string name)
    {
        var spec = Specs.Spec.Parse(name, "loss");
        if (spec.Name == "huber")
        {
            spec.RejectUnknownKeys(["delta"], "loss");
            double delta = spec.GetDouble("delta", 1.0);
            if (!(delta > 0)) throw new InputException($"huber:delta must be positive, not {delta}");
            return new HuberLoss(delta);
        }
        var loss = All.FirstOrDefault(l => l.Name == spec.Name)
                   ?? throw new InputException($"unknown loss '{spec.Name}'; valid: {string.Join(", ", All.Select(l => l.Name))}");
        spec.RejectUnknownKeys([], "loss");
        return loss;
    }

    /// <summary>The residuals r = prediction − target, the course's starting point for RSS.</summary>
    public static void Residuals(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, Span<float> residuals) =>
        System.Numerics.Tensors.TensorPrimitives.Subtract(prediction, target, residuals);
}
