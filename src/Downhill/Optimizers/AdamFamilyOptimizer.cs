using System.Numerics;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// The settings <see cref="Adam"/> and <see cref="AdamW"/> share; the two differ only in how
/// <see cref="AdaptiveMomentOptimizer.WeightDecay"/> acts.
/// </summary>
public abstract class AdamFamilyOptimizer : AdaptiveMomentOptimizer
{
    private protected AdamFamilyOptimizer(string name, double lr, double beta1, double beta2, double eps, double weightDecay,
        bool amsgrad, bool maximize) : base(name, lr, beta1, beta2, eps, weightDecay)
    {
        Amsgrad = amsgrad;
        Maximize = maximize;
    }

    /// <summary>Normalize by the largest second moment seen so far (Reddi et al., 2018).</summary>
    public bool Amsgrad { get; }

    public bool Maximize { get; }

    private protected override IEnumerable<Hyperparameter> OwnHyperparameters => [new("amsgrad", Amsgrad), new("maximize", Maximize)];

    private protected ParameterState<T> CreateState<T>(int length, bool decoupled) where T : unmanaged, IFloatingPointIeee754<T> =>
        new AdamState<T>(length, Beta1, Beta2, Eps, l2WeightDecay: decoupled ? 0 : WeightDecay,
            decoupledWeightDecay: decoupled ? WeightDecay : 0, Amsgrad, Maximize);
}
