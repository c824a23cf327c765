using Downhill.Specs;
namespace Downhill.Optimizers;

/// <summary>Adam (Kingma &amp; Ba, 2015), optionally AMSGrad: torch.optim.Adam (1.13).</summary>
/// <remarks>
/// <para>With g = ∇f(θₜ) (negated when <c>maximize</c>), γ = <c>lr</c>, λ = <c>weight_decay</c>, t counting from 1:</para>
/// <code>
/// g  ← g + λ·θₜ                               (if λ ≠ 0)
/// mₜ ← β₁·mₜ₋₁ + (1 − β₁)·g
/// vₜ ← β₂·vₜ₋₁ + (1 − β₂)·g²
/// v̂ₜ ← max(v̂ₜ₋₁, vₜ) if amsgrad, else vₜ
/// θₜ₊₁ ← θₜ − (γ / (1 − β₁ᵗ)) · mₜ / (√v̂ₜ / √(1 − β₂ᵗ) + ε)
/// </code>
/// <para>PyTorch's conventions: <c>weight_decay</c> is L2 regularization added to the gradient, so it passes through
/// the adaptive scaling (for decoupled decay use <see cref="AdamW"/>; Keras's and optax's <c>adam</c> have no decay
/// at all). ε is added to the bias-corrected √v, as in the paper's algorithm 1; TensorFlow/Keras add an ε̂ to the
/// uncorrected √v instead, which differs early in a run. The bias corrections are folded into the step size and the
/// denominator rather than applied to m and v, exactly as torch does, so trajectories agree to rounding.</para>
/// </remarks>
public sealed class Adam : AdamOrAdamW
{
    /// <summary><c>adam</c>: its hyperparameters, declared.</summary>
    public static MethodDeclaration<FirstOrderOptimizer> Declared { get; } = new("adam",
        "momentum over a running root mean square, bias-corrected (torch.optim.Adam)",
        Declare(CommonHyperparameters.WeightDecay()), v => new Adam(v));

    /// <summary>Adam; the arguments are torch's, checked against <see cref="Declared"/>.</summary>
    public Adam(double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0,
        bool amsgrad = false, bool maximize = false)
        : this(Declared.Bind(lr, beta1, beta2, eps, weightDecay, amsgrad, maximize))
    {
    }

    private Adam(HyperparameterValues v) : base(Declared, v)
    {
    }

    /// <inheritdoc/>
    public override ParameterState<T> CreateState<T>(int length) => CreateState<T>(length, decoupled: false);
}
