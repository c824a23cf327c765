using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Downhill.IO;

namespace Downhill.Plotting;

/// <summary>
/// Draws a figure as PNG by rasterizing its SVG with librsvg's <c>rsvg-convert</c> (Debian: librsvg2-bin), so the
/// PNG shows exactly what the SVG does.
/// </summary>
/// <param name="executable">The rasterizer to run; a test points this at a missing program.</param>
public sealed class PngRenderer(string executable = "rsvg-convert")
{
    /// <summary>The figure as PNG bytes, <paramref name="scale"/> device pixels per CSS pixel.</summary>
    /// <exception cref="InputException">The rasterizer is not installed.</exception>
    public byte[] Render(Figure figure, double scale = 2)
    {
        if (!(scale > 0 && scale <= 8)) throw new InputException($"PNG scale {scale} is outside (0, 8]");
        string svg = SvgRenderer.Render(figure);
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--format", "png", "--zoom", RoundTrip.Format(scale) })
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception();
        }
        catch (Win32Exception)
        {
            throw new InputException($"cannot write PNG: '{executable}' (librsvg) is not installed; install librsvg2-bin, or write .svg or .html instead");
        }
        using (process)
        {
            // Feed the SVG while the PNG is read, so neither pipe can fill and stall the other side.
            var feed = Task.Run(() =>
            {
                using var input = process.StandardInput;
                input.Write(svg);
            });
            var error = process.StandardError.ReadToEndAsync();
            using var png = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(png);
            feed.Wait();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{executable} failed (exit {process.ExitCode}): {error.Result.Trim()}");
            return png.ToArray();
        }
    }
}
