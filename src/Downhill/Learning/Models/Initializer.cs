using Downhill.Running;
using Downhill.Learning.Tensors;
using Downhill.Specs;

namespace Downhill.Learning.Models;

/// <summary>
/// How a layer's weights start (biases start at zero), drawn from a seeded generator:
/// <c>gaussian[:std=0.01]</c> N(0, std²) (the course's default), <c>xavier</c> N(0, 2/(fan_in+fan_out))
/// (Glorot and Bengio), <c>he</c> N(0, 2/fan_in) (He et al., for relu).
/// </summary>
public sealed record Initializer(string Name, double Std)
{
    public static Initializer Gaussian(double std = 0.01) => new("gaussian", std);
    public static Initializer Xavier { get; } = new("xavier", double.NaN);
    public static Initializer He { get; } = new("he", double.NaN);

    /// <summary>The standard deviation for a layer with these fan-in and fan-out.</summary>
    public double StandardDeviation(int fanIn, int fanOut) => Name switch
    {
        "xavier" => Math.Sqrt(2.0 / (fanIn + fanOut)),
        "he" => Math.Sqrt(2.0 / fanIn),
        _ => Std,
    };

    /// <summary>Fills <paramref name="weights"/> with draws for a layer of the given fans.</summary>
    public void Fill(Span<float> weights, int fanIn, int fanOut, SeededRandom random)
    {
        double std = StandardDeviation(fanIn, fanOut);
        for (int i = 0; i < weights.Length; i++) weights[i] = (float)(std * random.NextGaussian());
    }

    public override string ToString() => Name == "gaussian" ? $"gaussian:std={Std.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}" : Name;

    /// <summary>Parses <c>gaussian[:std=s]</c>, <c>xavier</c> or <c>he</c>.</summary>
    public static Initializer Parse(string text)
    {
        var spec = Spec.Parse(text, "initializer");
        switch (spec.Name)
        {
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
                throw new InputException($"unknown initializer '{spec.Name}'; valid: gaussian, xavier, he", text, 0);
        }
    }
}
