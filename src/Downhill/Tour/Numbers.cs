using System.Globalization;

namespace Downhill.Tour;

/// <summary>How the report prints measured numbers: invariant culture, a few significant digits, NaN and ∞ by name.</summary>
public static class Numbers
{
    /// <summary><paramref name="value"/> to <paramref name="digits"/> significant digits ("1.23e-05", "3.25", "∞").</summary>
    public static string G(double value, int digits = 4) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "∞"
        : double.IsNegativeInfinity(value) ? "−∞"
        : value.ToString("G" + digits, CultureInfo.InvariantCulture).Replace('E', 'e');

    /// <summary>A whole number.</summary>
    public static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>"yes" or "no", for the checks a conclusion lists.</summary>
    public static string YesNo(bool value) => value ? "yes" : "no";

    /// <summary>A point "(x, y)".</summary>
    public static string Point(IReadOnlyList<double> x, int digits = 4) => "(" + string.Join(", ", x.Select(v => G(v, digits))) + ")";
}
