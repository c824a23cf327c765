using Downhill.Running;
using Downhill.Learning.Tensors;
using Downhill.Specs;
using Downhill.IO;

namespace Downhill.Learning.Models;

/// <summary>
/// How a layer's weights and biases start, drawn from a seeded generator:
/// <c>torch</c> (the default) weights and biases U(−1/√fan_in, 1/√fan_in), PyTorch's nn.Linear default
/// (kaiming_uniform with a = √5, so the weights' standard deviation is 1/√(3·fan_in));
/// <c>gaussian[:std=0.01]</c> N(0, std²) (the course's Gaussian); <c>xavier</c> N(0, 2/(fan_in+fan_out))
/// (Glorot and Bengio); <c>he</c> N(0, 2/fan_in) (He et al., for relu). All but <c>torch</c> start biases at zero.
/// </summary>
public sealed record Initializer(string Name, double Std)
{
    /// <summary>PyTorch's nn.Linear default: weights and biases uniform on ±1/√fan_in.</summary>
    public static Initializer Torch { get; } = new("torch", double.NaN);
    /// <summary>Weights drawn from N(0, <paramref name="std"/>²), biases 0.</summary>
    public static Initializer Gaussian(double std = 0.01) => new("gaussian", std);
    /// <summary>Weights drawn from N(0, 2/(fan_in + fan_out)) (Glorot and Bengio), biases 0.</summary>
    public static Initializer Xavier { get; } = new("xavier", double.NaN);
    /// <summary>Weights drawn from N(0, 2/fan_in) (He et al., for ReLU layers), biases 0.</summary>
    public static Initializer He { get; } = new("he", double.NaN);

    /// <summary>The standard deviation of the weights for a layer with these fan-in and fan-out.</summary>
    public double StandardDeviation(int fanIn, int fanOut) => Name switch
    {
        "torch" => TorchBound(fanIn) / Math.Sqrt(3),
        "xavier" => Math.Sqrt(2.0 / (fanIn + fanOut)),
        "he" => Math.Sqrt(2.0 / fanIn),
        _ => Std,
    };

    /// <summary>Fills <paramref name="weights"/> with draws for a layer of the given fans.</summary>
    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        if (Name == "torch")
        {
            FillUniform(weights, TorchBound(fanIn), random);
            return;
        }
        double std = StandardDeviation(fanIn, fanOut);
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(std * random.NextGaussian());
    }

    /// <summary>Fills <paramref name="bias"/>: uniform on ±1/√fan_in for <c>torch</c>, zero for the others.</summary>
    public void FillBias(Span<float> bias, int fanIn, SeededRandom random)
    {
        if (Name == "torch") FillUniform(bias, TorchBound(fanIn), random);
        else bias.Clear();
    }

    // kaiming_uniform(a=√5) gives gain √(2/(1+5)) and bound gain·√(3/fan_in) = 1/√fan_in, the bias's bound too.
    private static double TorchBound(int fanIn) => 1 / Math.Sqrt(fanIn);

    private static void FillUniform(Span<float> values, double bound, SeededRandom random)
    {
        for (int i = 0; i < values.Length; i++) values[i] = (float)random.NextUniform(-bound, bound);
    }

    /// <inheritdoc/>
    public override string ToString() => Name == "gaussian" ? $"gaussian:std={RoundTrip.Format(Std)}" : Name;

    /// <summary>Parses <c>torch</c>, <c>gaussian[:std=s]</c>, <c>xavier</c> or <c>he</c>.</summary>
    public static Initializer Parse(string text)
    {
        var spec = Spec.Parse(text, "initializer");
        switch (spec.Name)
        {
            case "torch" or "pytorch":
                spec.RejectUnknownKeys([], "initializer");
                return Torch;
            case "gaussian":
                spec.RejectUnknownKeys(["std"], "initializer");
                double std = spec.GetDouble("std", 0.01);
                return std > 0 && double.IsFinite(std) ? Gaussian(std) : throw new InputException($"gaussian:std must be positive, not {std}", text, text.IndexOf("std", StringComparison.Ordinal));
            case "xavier" or "glorot":
                spec.RejectUnknownKeys([], "initializer");
                return Xavier;
            case "he" or "kaiming":
                spec.RejectUnknownKeys([], "initializer");
                return He;
            default:
                throw new InputException($"unknown initializer '{spec.Name}'; valid: torch, gaussian, xavier, he", text, 0);
        }
    }
}
