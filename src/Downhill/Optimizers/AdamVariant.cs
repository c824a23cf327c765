using Downhill.Specs;
namespace Downhill.Optimizers;

/// <summary>
/// A variant of Adam (<see cref="Adam"/>, <see cref="AdamW"/>, <see cref="NAdam"/>, <see cref="RAdam"/>,
/// <see cref="Adamax"/>): the settings they share, torch.optim's <c>lr</c>, <c>betas</c> (split into beta1 and beta2),
/// <c>eps</c> and <c>weight_decay</c>, declared in torch's order before each variant's own.
/// </summary>
public abstract class AdamVariant : FirstOrderOptimizer
{
    private protected AdamVariant(MethodDeclaration<FirstOrderOptimizer> declaration, HyperparameterValues v) : base(declaration, v)
    {
        LearningRate = v.Real("lr");
        Beta1 = v.Real("beta1");
        Beta2 = v.Real("beta2");
        Eps = v.Real("eps");
        WeightDecay = v.Real("weight_decay");
    }

    /// <inheritdoc/>
    public sealed override double LearningRate { get; }

    /// <summary>Decay rate of the first moment (torch's <c>betas[0]</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second moment, or of the infinity norm for Adamax (torch's <c>betas[1]</c>).</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>Weight decay: L2 added to the gradient, except in <see cref="AdamW"/> where it is decoupled.</summary>
    public double WeightDecay { get; }

    /// <summary>The shared declarations, with the variant's defaults, followed by its own.</summary>
    private protected static IReadOnlyList<HyperparameterDeclaration> Declare(double lr, HyperparameterDeclaration weightDecay,
        string secondMoment, params HyperparameterDeclaration[] own) =>
    [
        CommonHyperparameters.LearningRate(lr),
        CommonHyperparameters.Beta("beta1", 0.9, "β₁: decay rate of the first moment m"),
        CommonHyperparameters.Beta("beta2", 0.999, secondMoment),
        CommonHyperparameters.Eps(1e-8),
        weightDecay,
        .. own,
    ];
}
