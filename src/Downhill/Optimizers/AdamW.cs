using Downhill.Specs;
namespace Downhill.Optimizers;

/// <summary>Adam with decoupled weight decay (Loshchilov &amp; Hutter, 2019), optionally AMSGrad: torch.optim.AdamW (1.13).</summary>
/// <remarks>
/// <para>As <see cref="Adam"/>, except that weight decay shrinks the parameters directly before the step instead of
/// entering the gradient (and so the moments):</para>
/// <code>
/// θₜ ← θₜ·(1 − γ·λ)
/// mₜ ← β₁·mₜ₋₁ + (1 − β₁)·g;   vₜ ← β₂·vₜ₋₁ + (1 − β₂)·g²;   v̂ₜ ← max(v̂ₜ₋₁, vₜ) if amsgrad, else vₜ
/// θₜ₊₁ ← θₜ − (γ / (1 − β₁ᵗ)) · mₜ / (√v̂ₜ / √(1 − β₂ᵗ) + ε)
/// </code>
/// <para>PyTorch multiplies the decay by the learning rate (θ ← θ(1 − γλ)), so a schedule on γ scales the decay too;
/// the paper scales it by the schedule multiplier only. The default λ is 1e-2, not 0.</para>
/// </remarks>
public sealed class AdamW : AdamOrAdamW
{
    /// <summary><c>adamw</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("adamw",
        "Adam with decoupled weight decay θ ← θ·(1 − γ·λ) (torch.optim.AdamW)",
        Declare(CommonHyperparameters.WeightDecay(1e-2, "decoupled weight decay λ: θ ← θ·(1 − γ·λ) before the step")),
        v => new AdamW(v));

    /// <summary>AdamW; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public AdamW(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 1e-2,
        bool amsgrad = false, bool maximize = false)
        : this(Declared.Bind(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize))
    {
    }

    private AdamW(HyperparameterValues v) : base(Declared, v)
    {
    }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => CreateState<T>(length, decoupled: true);
}
