using System.Globalization;

namespace Downhill.Plotting;

/// <summary>Short, exact-looking labels for tick and level values, the same on every machine.</summary>
public static class TickFormat
{
    /// <summary>The minus sign typeset as U+2212, which lines up with the digits (a hyphen does not).</summary>
    public const string Minus = "\u2212";

    /// <summary>
    /// <paramref name="value"/> with the decimals a step of <paramref name="step"/> needs ("0.25", "1500"),
    /// or in scientific form ("2e−6", "1.5e8") when it is very small or very large.
    /// </summary>
    public static string Number(double value, double step)
    {
        if (!double.IsFinite(value)) return double.IsNaN(value) ? "NaN" : value > 0 ? "∞" : Minus + "∞";
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e6 || (magnitude < 1e-4 && magnitude > 0))
        {
            int exponent = (int)Math.Floor(Math.Log10(magnitude));
            double mantissa = value / Math.Pow(10, exponent);
            int digits = Math.Clamp((int)Math.Ceiling(-Math.Log10(Math.Abs(step) / Math.Pow(10, exponent)) - 1e-9), 0, 4);
            string m = Math.Round(mantissa, digits).ToString("0.####", CultureInfo.InvariantCulture);
            return Signed($"{m}e{(exponent < 0 ? Minus : "")}{Math.Abs(exponent)}");
        }
        // Zero gets the decimals of its neighbours ("0.0" beside "0.5"), but never a sign.
        int decimals = step > 0 && step < 1e-4 ? 0 : Math.Clamp((int)Math.Ceiling(-Math.Log10(Math.Abs(step)) - 1e-9), 0, 10);
        return Signed((value == 0 ? 0.0 : value).ToString("F" + decimals, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The shortest label that tells the value apart at <paramref name="significant"/> significant digits
    /// (level values on a colour bar).
    /// </summary>
    public static string Significant(double value, int significant)
    {
        if (value == 0) return "0";
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e6 || magnitude < 1e-4)
            return Number(value, magnitude / Math.Pow(10, significant - 1));
        string text = value.ToString("G" + significant, CultureInfo.InvariantCulture);
        if (text.Contains('E')) text = value.ToString("0.##########", CultureInfo.InvariantCulture);
        return Signed(text);
    }

    /// <summary>"10" with the exponent as a superscript marker: the renderer turns "10^k" into a raised k.</summary>
    public static string PowerOfTen(int exponent) => exponent switch
    {
        0 => "1",
        1 => "10",
        _ => "10^" + (exponent < 0 ? Minus : "") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>k·step without the binary noise (0.30000000000000004 becomes 0.3).</summary>
    public static double Clean(double value, double step)
    {
        int decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(Math.Abs(step))) + 1, 0, 15);
        double cleaned = Math.Round(value, decimals);
        return cleaned == 0 ? 0 : cleaned; // no "−0"
    }

    private static string Signed(string text) => text.StartsWith('-') ? Minus + text[1..] : text;
}
