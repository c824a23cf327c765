using Downhill.IO;

namespace Downhill.Plotting;

/// <summary>The file formats a figure can be written in.</summary>
public enum FigureFormat
{
    /// <summary>Scalable vector graphics.</summary>
    Svg,
    /// <summary>A PNG image, rendered in process.</summary>
    Png,
    /// <summary>A self-contained page that draws the figure.</summary>
    Html,
}

/// <summary>Writes a figure to a file in the format its extension names (.svg, .png, .html), atomically.</summary>
public static class FigureFile
{
    /// <summary>The format for <paramref name="path"/>'s extension.</summary>
    /// <exception cref="InputException">The extension is not .svg, .png, .html or .htm.</exception>
    public static FigureFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".svg" => FigureFormat.Svg,
        ".png" => FigureFormat.Png,
        ".html" or ".htm" => FigureFormat.Html,
        var other => throw new InputException(
            $"cannot tell the figure format of '{path}': the extension '{other}' is not .svg, .png or .html"),
    };

    /// <summary>Writes <paramref name="figure"/> to <paramref name="path"/>; PNGs at <paramref name="scale"/> pixels per CSS pixel.</summary>
    public static void Write(Figure figure, string path, double scale = 2)
    {
        switch (FormatOf(path))
        {
            case FigureFormat.Svg:
                AtomicFile.WriteText(path, SvgRenderer.Render(figure));
                break;
            case FigureFormat.Png:
                AtomicFile.WriteBytes(path, PngRenderer.Render(figure, scale));
                break;
            default:
                AtomicFile.WriteText(path, HtmlRenderer.Render(figure));
                break;
        }
    }
}
