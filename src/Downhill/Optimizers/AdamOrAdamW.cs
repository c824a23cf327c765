using Downhill.Specs;
using System.Numerics;

namespace Downhill.Optimizers;

/// <summary>
/// <see cref="Adam"/> or <see cref="AdamW"/>: one algorithm, with AMSGrad as an option, whose two forms differ only in
/// how <see cref="AdamVariant.WeightDecay"/> acts (added to the gradient, or shrinking the parameters).
/// </summary>
public abstract class AdamOrAdamW : AdamVariant
{
    private protected AdamOrAdamW(MethodDeclaration<FirstOrderOptimizer> declaration, HyperparameterValues v) : base(declaration, v)
    {
        Amsgrad = v.Flag("amsgrad");
        Maximize = v.Flag("maximize");
    }

    /// <summary>Normalize by the largest second moment seen so far (Reddi et al., 2018).</summary>
    public bool Amsgrad { get; }

    /// <summary>Climb: step along +∇f.</summary>
    public bool Maximize { get; }

    /// <summary>The declarations of Adam or AdamW, which differ in weight decay's default and meaning.</summary>
    private protected static IReadOnlyList<HyperparameterDeclaration> Declare(HyperparameterDeclaration weightDecay) =>
        Declare(1e-3, weightDecay, "β₂: decay rate of the second moment v",
            HyperparameterDeclaration.Flag("amsgrad", false, "AMSGrad: divide by the largest second moment so far"),
            CommonHyperparameters.Maximize);

    private protected ParameterState<T> CreateState<T>(int length, bool decoupled) where T : unmanaged, IFloatingPointIeee754<T> =>
        new AdamState<T>(length, Beta1, Beta2, Eps, l2WeightDecay: decoupled ? 0 : WeightDecay,
            decoupledWeightDecay: decoupled ? WeightDecay : 0, Amsgrad, Maximize);
}
