using SkiaSharp;
using Svg.Skia.TypefaceProviders;

namespace Downhill.Plotting;

/// <summary>
/// DejaVu Sans, the face every figure's SVG names first, compiled into the library (regular, bold and oblique; see
/// Fonts/LICENSE.txt), so a PNG draws its text the same on every machine, with fonts installed or none at all.
/// Every family asked for gets DejaVu Sans: the figures name no other face that a machine could be relied on to have.
/// </summary>
internal sealed class EmbeddedFonts : ITypefaceProvider
{
    private static readonly Lazy<SKTypeface> Regular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> Bold = new(() => Load("DejaVuSans-Bold.ttf"));
    private static readonly Lazy<SKTypeface> Oblique = new(() => Load("DejaVuSans-Oblique.ttf"));

    /// <summary>The face for a weight and slant (bold wins over oblique: no figure sets both).</summary>
    public static SKTypeface Face(bool bold, bool oblique) => (bold ? Bold : oblique ? Oblique : Regular).Value;

    /// <inheritdoc />
    public SKTypeface FromFamilyName(string fontFamily, SKFontStyleWeight fontWeight, SKFontStyleWidth fontWidth, SKFontStyleSlant fontStyle) =>
        Face(fontWeight >= SKFontStyleWeight.SemiBold, fontStyle != SKFontStyleSlant.Upright);

    private static SKTypeface Load(string file)
    {
        string name = "Downhill.Plotting.Render.Fonts." + file;
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the font resource {name} is missing from the library");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        // Skia reads a face lazily: it gets its own copy of the bytes, which lives as long as the face.
        return SKTypeface.FromData(SKData.CreateCopy(bytes.ToArray()))
            ?? throw new InvalidOperationException($"Skia could not read the font {name}");
    }
}
