using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// The settings the Adam family shares (<see cref="Adam"/>, <see cref="AdamW"/>, <see cref="NAdam"/>,
/// <see cref="RAdam"/>, <see cref="Adamax"/>): torch.optim's <c>lr</c>, <c>betas</c> (split into beta1 and beta2),
/// <c>eps</c> and <c>weight_decay</c>, in torch's order, before each optimizer's own.
/// </summary>
public abstract class AdaptiveMomentOptimizer : FirstOrderOptimizer
{
    private protected AdaptiveMomentOptimizer(string name, double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        Name = name;
        LearningRate = HyperparameterRange.NonNegative(name, "lr", lr);
        Beta1 = HyperparameterRange.Beta(name, "beta1", beta1);
        Beta2 = HyperparameterRange.Beta(name, "beta2", beta2);
        Eps = HyperparameterRange.NonNegative(name, "eps", eps);
        WeightDecay = HyperparameterRange.NonNegative(name, "weight_decay", weightDecay);
    }

    public sealed override string Name { get; }
    public sealed override double LearningRate { get; }

    /// <summary>Decay rate of the first moment (torch's <c>betas[0]</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second moment, or of the infinity norm for Adamax (torch's <c>betas[1]</c>).</summary>
    public double Beta2 { get; }

    /// <summary>Added to the denominator for numerical stability.</summary>
    public double Eps { get; }

    /// <summary>Weight decay: L2 added to the gradient, except in <see cref="AdamW"/> where it is decoupled.</summary>
    public double WeightDecay { get; }

    public sealed override IReadOnlyList<Hyperparameter> Hyperparameters =>
    [
        new("lr", LearningRate), new("beta1", Beta1), new("beta2", Beta2), new("eps", Eps), new("weight_decay", WeightDecay),
        .. OwnHyperparameters,
    ];

    /// <summary>The optimizer's own settings, after the shared ones.</summary>
    private protected virtual IEnumerable<Hyperparameter> OwnHyperparameters => [];
}
