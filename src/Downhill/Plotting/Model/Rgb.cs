using System.Globalization;

namespace Downhill.Plotting;

/// <summary>An opaque sRGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>The colour as <c>#rrggbb</c>, the form SVG, CSS and canvas all read.</summary>
    public string Hex => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>The color of <paramref name="hex"/>, as #rrggbb.</summary>
    public static Rgb FromHex(string hex) => new(
        byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));

    /// <summary>The straight-line mix in sRGB: <paramref name="t"/> = 0 gives this colour, 1 gives <paramref name="other"/>.</summary>
    public Rgb Mix(Rgb other, double t) => new(Lerp(R, other.R, t), Lerp(G, other.G, t), Lerp(B, other.B, t));

    /// <summary>Each channel scaled by <paramref name="factor"/> (shading), clamped to the valid range.</summary>
    public Rgb Scale(double factor) => new(Clamp(R * factor), Clamp(G * factor), Clamp(B * factor));

    /// <summary>White.</summary>
    public static readonly Rgb White = new(255, 255, 255);
    /// <summary>Black.</summary>
    public static readonly Rgb Black = new(0, 0, 0);

    private static byte Lerp(byte a, byte b, double t) => Clamp(a + (b - a) * t);

    private static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v, MidpointRounding.AwayFromZero), 0, 255);
}
