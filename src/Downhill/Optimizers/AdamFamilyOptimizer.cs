using System.Numerics;

namespace Downhill.Optimizers;

/// <summary>
/// The settings <see cref="Adam"/> and <see cref="AdamW"/> share (torch.optim's names, betas split into beta1 and
/// beta2); the two differ only in how <see cref="WeightDecay"/> acts.
/// </summary>
public abstract class AdamFamilyOptimizer : FirstOrderOptimizer
{
    private protected AdamFamilyOptimizer(string name, double lr, double beta1, double beta2, double eps, double weightDecay,
        bool amsgrad, bool maximize)
    {
        Name = name;
        LearningRate = HyperparameterRange.NonNegative(name, "lr", lr);
        Beta1 = HyperparameterRange.Beta(name, "beta1", beta1);
        Beta2 = HyperparameterRange.Beta(name, "beta2", beta2);
        Eps = HyperparameterRange.NonNegative(name, "eps", eps);
        WeightDecay = HyperparameterRange.NonNegative(name, "weight_decay", weightDecay);
        Amsgrad = amsgrad;
        Maximize = maximize;
    }

    public override string Name { get; }
    public override double LearningRate { get; }

    /// <summary>Decay rate of the first moment (torch's <c>betas[0]</c>).</summary>
    public double Beta1 { get; }

    /// <summary>Decay rate of the second moment (torch's <c>betas[1]</c>).</summary>
    public double Beta2 { get; }

    public double Eps { get; }
    public double WeightDecay { get; }

    /// <summary>Normalize by the largest second moment seen so far (Reddi et al., 2018).</summary>
    public bool Amsgrad { get; }

    public bool Maximize { get; }

    public override IReadOnlyList<Hyperparameter> Hyperparameters =>
    [
        new("lr", LearningRate), new("beta1", Beta1), new("beta2", Beta2), new("eps", Eps),
        new("weight_decay", WeightDecay), new("amsgrad", Amsgrad), new("maximize", Maximize),
    ];

    private protected ParameterState<T> CreateState<T>(int length, bool decoupled) where T : unmanaged, IFloatingPointIeee754<T> =>
        new AdamState<T>(length, Beta1, Beta2, Eps, l2WeightDecay: decoupled ? 0 : WeightDecay,
            decoupledWeightDecay: decoupled ? WeightDecay : 0, Amsgrad, Maximize);
}
