using System.Globalization;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>The valid ranges of hyperparameters, checked when an optimizer is built; a value outside is an <see cref="InputException"/>.</summary>
internal static class HyperparameterRange
{
    /// <summary>A finite value ≥ 0 (learning rates, weight decay, eps, momentum).</summary>
    public static double NonNegative(string optimizer, string key, double value) =>
        double.IsFinite(value) && value >= 0 ? value : throw OutOfRange(optimizer, key, value, "a finite number ≥ 0");

    /// <summary>A value in [0, 1] (dampening, rho, alpha).</summary>
    public static double UnitInterval(string optimizer, string key, double value) =>
        value is >= 0 and <= 1 ? value : throw OutOfRange(optimizer, key, value, "in [0, 1]");

    /// <summary>A value in [0, 1) (Adam's betas: 1 would never forget and divide by a zero bias correction).</summary>
    public static double Beta(string optimizer, string key, double value) =>
        value is >= 0 and < 1 ? value : throw OutOfRange(optimizer, key, value, "in [0, 1)");

    private static InputException OutOfRange(string optimizer, string key, double value, string range) =>
        new($"{optimizer}:{key} must be {range}, not {Hyperparameter.Format(value)}");
}
