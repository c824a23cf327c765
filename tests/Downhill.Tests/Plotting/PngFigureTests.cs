using Downhill.Plotting;

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
    public void AMissingRasterizerIsOneClearInputError()
    {
        var error = Assert.Throws<InputException>(() => new PngRenderer("downhill-no-such-rsvg").Render(SampleFigures.Eigenvalues()));
        Assert.Equal("cannot write PNG: 'downhill-no-such-rsvg' (librsvg) is not installed; install librsvg2-bin, or write .svg or .html instead", error.Message);
    }
}
