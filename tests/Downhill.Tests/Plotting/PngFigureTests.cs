using Downhill.Plotting;
using SkiaSharp;

namespace Downhill.Tests.Plotting;

public sealed class PngFigureTests
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void EveryKindRendersAsPngAtTheRequestedScale()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "figures");
        Directory.CreateDirectory(folder);
        foreach (var (name, build) in SampleFigures.All.Append(("rosenbrock", () => SampleFigures.RosenbrockContour())))
        {
            var figure = build();
            string path = Path.Combine(folder, name + ".png");
            FigureFile.Write(figure, path, scale: 1.5);
            byte[] png = File.ReadAllBytes(path);
            Assert.Equal(Signature, png[..8]);
            // IHDR: width and height, big-endian, at bytes 16–23.
            int width = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
            int height = (png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23];
            Assert.Equal((int)Math.Round(figure.Width * 1.5), width);
            Assert.Equal((int)Math.Round(figure.Height * 1.5), height);
        }
    }

    [Fact]
    public void TheSameFigureGivesTheSameBytes()
    {
        var figure = SampleFigures.Loss();
        Assert.Equal(PngRenderer.Render(figure, 1), PngRenderer.Render(figure, 1));
    }

    [Fact]
    public void TextIsDrawnInTheEmbeddedFaceWhateverFamilyTheMachineHas()
    {
        // Text named in a family no machine has draws exactly as in DejaVu Sans: the face comes from the library, not
        // from the machine's fonts, so a machine with none still gets its text.
        static string Svg(string family) =>
            $"""<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-family="{family}"><text x="10" y="40" font-size="24">Downhill</text></svg>""";
        byte[] dejavu = PngRenderer.Rasterize(Svg("DejaVu Sans"), 1);
        Assert.Equal(dejavu, PngRenderer.Rasterize(Svg("No Such Family, nonexistent"), 1));
        using var image = SKBitmap.Decode(dejavu);
        int inked = 0;
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
                if (image.GetPixel(x, y).Alpha > 128) inked++;
        // "Downhill" at 24 px covers roughly 100 × 18 pixels, about a third of them ink.
        Assert.InRange(inked, 300, 1200);
    }

    [Theory]
    [InlineData("end", 150.0)]
    [InlineData("middle", 100.0)]
    public void APowerOfTenLabelIsAnchoredAsOneChunk(string anchor, double expectedRight)
    {
        // "10" with a raised "−30" anchored at x = 100: its ink must end at the anchor (end) or centre on it (middle),
        // as in a browser or librsvg, not with the exponent hanging past it.
        string svg = $"""<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-family="DejaVu Sans"><text x="{(anchor == "end" ? 150 : 100)}" y="30" text-anchor="{anchor}" font-size="20">10<tspan dy="-0.45em" font-size="75%">−30</tspan></text></svg>""";
        using var image = SKBitmap.Decode(PngRenderer.Rasterize(svg, 1));
        var columns = Enumerable.Range(0, image.Width).Where(x => Enumerable.Range(0, image.Height).Any(y => image.GetPixel(x, y).Alpha > 64)).ToList();
        Assert.NotEmpty(columns);
        if (anchor == "end")
            Assert.InRange(columns[^1], expectedRight - 3, expectedRight);
        else
            Assert.InRange((columns[0] + columns[^1]) / 2.0, expectedRight - 2, expectedRight + 2);
    }

    [Theory]
    [InlineData(0.0, "PNG scale 0 is outside (0, 8]")]
    [InlineData(9.0, "PNG scale 9 is outside (0, 8]")]
    [InlineData(8.0, "a PNG of 12800×12800 pixels is more than 100 million; draw it smaller or at a lower scale")]
    public void ABadScaleOrSizeIsOneClearInputError(double scale, string message)
    {
        string svg = """<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1600"></svg>""";
        Assert.Equal(message, Assert.Throws<InputException>(() => PngRenderer.Rasterize(svg, scale)).Message);
    }
}
