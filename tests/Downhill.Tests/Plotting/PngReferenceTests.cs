using Downhill.Plotting;
using SkiaSharp;

namespace Downhill.Tests.Plotting;

/// <summary>
/// The in-process PNGs against librsvg's: each sample figure's SVG, rasterized here and by rsvg-convert 2.54.7 at
/// 1.5 pixels per CSS pixel (tools/reference/png_reference.sh wrote the fixture, with the SVG it drew from).
/// </summary>
public sealed class PngReferenceTests
{
    // Per pixel, the difference is the largest of its four channels' (0–255). Shapes, fills and lines agree to a few
    // levels of anti-aliasing; glyphs do not agree exactly, because librsvg draws them through Pango, FreeType and
    // cairo with its own hinting and gamma, and Skia through its own scaler: the same DejaVu Sans glyphs come out a
    // little lighter or heavier at their edges. Measured over the ten figures: mean 0.39–1.00, and 0.18–0.55 % of
    // pixels more than 64 apart (all of them on glyph edges). Both sides are fixed (the references are committed and
    // the face is compiled in), so the bounds sit just above that: the same figures with their text left out measure
    // a mean of 1.30–3.04, and exponents hanging past their anchor or marks a pixel off fail as well.
    private const double MaxMeanDifference = 1.2;
    private const double MaxShareFarApart = 0.006;
    private const int FarApart = 64;

    public static TheoryData<string> Figures => new(
        Directory.GetFiles(Folder, "*.svg").Select(Path.GetFileNameWithoutExtension).Order().ToArray()!);

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "png-reference");

    [Theory]
    [MemberData(nameof(Figures))]
    public void TheFigureMatchesLibrsvgsWithinTheBound(string name)
    {
        using var ours = SKBitmap.Decode(PngRenderer.Rasterize(File.ReadAllText(Path.Combine(Folder, name + ".svg")), 1.5));
        using var theirs = SKBitmap.Decode(Path.Combine(Folder, name + ".png"));
        var (mean, farShare) = Difference(ours, theirs);
        Assert.True(mean <= MaxMeanDifference && farShare <= MaxShareFarApart,
            $"{name}: mean difference {mean:F3} (bound {MaxMeanDifference}), {farShare:P2} of pixels more than {FarApart} apart (bound {MaxShareFarApart:P1})");
    }

    [Theory]
    [MemberData(nameof(Figures))]
    public void TheBoundCatchesMissingText(string name)
    {
        // The figure with every text element emptied must fail the bound that the real one passes.
        string svg = File.ReadAllText(Path.Combine(Folder, name + ".svg"));
        string textless = System.Text.RegularExpressions.Regex.Replace(svg, "(<text[^>]*>).*?</text>", "$1</text>");
        using var ours = SKBitmap.Decode(PngRenderer.Rasterize(textless, 1.5));
        using var theirs = SKBitmap.Decode(Path.Combine(Folder, name + ".png"));
        var (mean, farShare) = Difference(ours, theirs);
        Assert.True(mean > MaxMeanDifference || farShare > MaxShareFarApart, $"mean {mean:F3}, far {farShare:P2}");
    }

    /// <summary>The mean per-pixel difference and the share of pixels more than <see cref="FarApart"/> apart.</summary>
    private static (double Mean, double FarShare) Difference(SKBitmap a, SKBitmap b)
    {
        Assert.Equal((b.Width, b.Height), (a.Width, a.Height));
        using var left = a.Copy(SKColorType.Rgba8888);
        using var right = b.Copy(SKColorType.Rgba8888);
        var p = left.GetPixelSpan();
        var q = right.GetPixelSpan();
        long sum = 0, far = 0;
        for (int i = 0; i < p.Length; i += 4)
        {
            int d = 0;
            for (int c = 0; c < 4; c++) d = Math.Max(d, Math.Abs(p[i + c] - q[i + c]));
            sum += d;
            if (d > FarApart) far++;
        }
        long pixels = p.Length / 4;
        return (sum / (double)pixels, far / (double)pixels);
    }
}
