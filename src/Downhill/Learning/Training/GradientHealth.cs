using System.Globalization;
using Downhill.Running;

namespace Downhill.Learning.Training;

/// <summary>
/// Reads the per-layer gradient norms of an epoch for the two classic failures of deep networks: vanishing
/// gradients (the first layer's gradient far smaller than the last's, so early layers stop learning) and exploding
/// ones (a norm beyond <see cref="ExplodingNorm"/> or the first layer's far larger than the last's).
/// </summary>
public static class GradientHealth
{
    /// <summary>First-to-last layer gradient-norm ratio below which gradients are called vanishing.</summary>
    public const double VanishingRatio = 1e-3;
    /// <summary>First-to-last ratio above which gradients are called exploding.</summary>
    public const double ExplodingRatio = 1e3;
    /// <summary>A layer gradient norm above this is called exploding.</summary>
    public const double ExplodingNorm = 1e4;

    /// <summary>A diagnostic for epoch <paramref name="epoch"/>, or null when the norms look healthy.</summary>
    public static Diagnostic? Check(int epoch, IReadOnlyList<double> layerNorms)
    {
        if (layerNorms.Count == 0) return null;
        for (int l = 0; l < layerNorms.Count; l++)
            if (!double.IsFinite(layerNorms[l]) || layerNorms[l] > ExplodingNorm)
                return new Diagnostic("exploding-gradient", epoch,
                    $"layer {l + 1}'s gradient norm is {F(layerNorms[l])} (above {F(ExplodingNorm)})");
        if (layerNorms.Count < 2) return null;
        double first = layerNorms[0], last = layerNorms[^1];
        if (last == 0) return null;
        double ratio = first / last;
        string evidence = $"layer 1's gradient norm {F(first)} is {F(ratio)} times layer {layerNorms.Count}'s ({F(last)})";
        if (ratio < VanishingRatio) return new Diagnostic("vanishing-gradient", epoch, evidence);
        if (ratio > ExplodingRatio) return new Diagnostic("exploding-gradient", epoch, evidence);
        return null;
    }

    private static string F(double v) => v.ToString("0.##e+0", CultureInfo.InvariantCulture);
}
