using SkiaSharp;
using Svg.Skia;

namespace Downhill.Plotting;

/// <summary>
/// Draws a figure as PNG by rasterizing its SVG in-process (Svg.Skia over SkiaSharp), with the DejaVu Sans the SVG
/// names compiled in, so the PNG shows what the SVG does on any machine, with no program or font installed.
/// </summary>
public static class PngRenderer
{
    /// <summary>The most pixels a PNG may have (4 bytes each in memory while it is drawn).</summary>
    public const double MaxPixels = 100e6;

    /// <summary>The figure as PNG bytes, <paramref name="scale"/> device pixels per CSS pixel.</summary>
    /// <exception cref="InputException">The scale is outside (0, 8].</exception>
    public static byte[] Render(Figure figure, double scale = 2) => Rasterize(SvgRenderer.Render(figure), scale);

    /// <summary>
    /// An SVG document as PNG bytes, <paramref name="scale"/> device pixels per CSS pixel; the image is the SVG's
    /// width and height times the scale, rounded, and transparent where the SVG paints nothing.
    /// </summary>
    /// <exception cref="InputException">The scale is outside (0, 8], or the image would have more than <see cref="MaxPixels"/>.</exception>
    public static byte[] Rasterize(string svg, double scale = 2)
    {
        if (!(scale > 0 && scale <= 8)) throw new InputException($"PNG scale {scale} is outside (0, 8]");
        using var document = new SKSvg();
        document.Settings.TypefaceProviders = [new EmbeddedFonts()];
        var picture = document.FromSvg(TextChunks.AnchorAtStart(svg))
            ?? throw new InvalidOperationException("Svg.Skia could not read the figure's SVG");
        var size = picture.CullRect;
        var (width, height) = (Math.Round(size.Width * scale), Math.Round(size.Height * scale));
        if (width * height > MaxPixels)
            throw new InputException($"a PNG of {width}×{height} pixels is more than {MaxPixels / 1e6:0} million; draw it smaller or at a lower scale");
        var info = new SKImageInfo((int)width, (int)height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info)
            ?? throw new InvalidOperationException($"Skia could not make a {info.Width}×{info.Height} image");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.Scale((float)scale);
        canvas.DrawPicture(picture);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
