using Downhill.Specs;
namespace Downhill.Optimizers;

/// <summary>The hyperparameters many optimizers share, declared once with torch's names; each optimizer picks its default.</summary>
internal static class CommonHyperparameters
{
    public static HyperparameterDeclaration LearningRate(double @default) =>
        HyperparameterDeclaration.Real("lr", @default, "learning rate γ: the step's scale", min: 0,
            scale: HyperparameterScale.Log, typicalMin: 1e-5, typicalMax: 10);

    public static HyperparameterDeclaration WeightDecay(double @default = 0,
        string meaning = "L2 penalty λ, added to the gradient: g ← g + λ·θ") =>
        HyperparameterDeclaration.Real("weight_decay", @default, meaning, min: 0, typicalMax: 0.1);

    public static HyperparameterDeclaration Eps(double @default, string meaning = "ε added to the denominator, for numerical stability") =>
        HyperparameterDeclaration.Real("eps", @default, meaning, min: 0, scale: HyperparameterScale.Log, typicalMin: 1e-12, typicalMax: 1e-2);

    public static HyperparameterDeclaration Momentum(double @default, string meaning) =>
        HyperparameterDeclaration.Real("momentum", @default, meaning, min: 0, typicalMax: 0.999);

    /// <summary>A decay rate in [0, 1).</summary>
    public static HyperparameterDeclaration Beta(string name, double @default, string meaning) =>
        HyperparameterDeclaration.Real(name, @default, meaning, min: 0, max: 1, maxExclusive: true);

    /// <summary>A decay rate in [0, 1].</summary>
    public static HyperparameterDeclaration DecayRate(string name, double @default, string meaning) =>
        HyperparameterDeclaration.Real(name, @default, meaning, min: 0, max: 1);

    public static HyperparameterDeclaration Maximize { get; } =
        HyperparameterDeclaration.Flag("maximize", false, "climb instead: step along +∇f");
}
