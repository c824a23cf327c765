using System.CommandLine;
using System.Globalization;
using Downhill.Plotting;

namespace Downhill.Cli;

/// <summary>Where and how to draw a figure: the file (its extension names the format), the size and the PNG scale.</summary>
internal sealed record PlotRequest(string Path, FigureFormat Format, (double Width, double Height)? Size, double Scale)
{
    /// <summary>
    /// Draws <paramref name="figure"/> (at the requested size, when one was given) through the command's figure
    /// output (<see cref="Io.Figures"/>: the file, or the server's download), saying so unless <paramref name="quiet"/>.
    /// </summary>
    public void Write(Figure figure, Io io, bool quiet = false)
    {
        if (Size is { } size) figure = figure with { Width = size.Width, Height = size.Height };
        io.Figures.Write(figure, Path, Scale);
        if (!quiet) io.Out.WriteLine($"wrote {Path}");
    }
}

/// <summary>
/// The <c>--plot FILE</c> option shared by every command that can draw what it computed, with <c>--plot-size</c>
/// and <c>--plot-scale</c>. The file's extension is checked when the command starts, before any work is done.
/// </summary>
internal sealed class PlotOption
{
    /// <summary>The <c>--plot-kind</c> help of the commands that run methods.</summary>
    public const string RunKinds = "the figure: auto (a curve for 1 variable and one run, a contour map with the paths for 2, else loss), curve, contour, surface, or loss (f and ‖∇f‖ against iteration)";

    public Option<string?> File { get; } = new("--plot")
    {
        Description = "Also draw a figure to FILE: .svg, .png, or .html (interactive: hover, zoom, rotate)",
        HelpName = "FILE",
    };

    public Option<string?> Size { get; } = new("--plot-size")
    {
        Description = "Figure size in CSS pixels, WIDTHxHEIGHT (default: the figure's own, e.g. 820x620)",
        HelpName = "WxH",
    };

    public Option<double> Scale { get; } = new("--plot-scale")
    {
        Description = "PNG pixels per CSS pixel",
        DefaultValueFactory = _ => 2,
    };

    /// <summary>Which figure a command draws, where it can draw several; added only with a description of the kinds.</summary>
    public Option<string> Kind { get; } = new("--plot-kind") { DefaultValueFactory = _ => "auto" };

    /// <summary>
    /// Adds the options to <paramref name="command"/>; without <paramref name="file"/>, only size and scale (the file
    /// is an argument); with <paramref name="kinds"/>, also <c>--plot-kind</c>, so described.
    /// </summary>
    public PlotOption AddTo(Command command, bool file = true, string? kinds = null)
    {
        if (file) command.Options.Add(File);
        command.Options.Add(Size);
        command.Options.Add(Scale);
        if (kinds is not null)
        {
            Kind.Description = kinds;
            command.Options.Add(Kind);
        }
        return this;
    }

    /// <summary>The request, or null when no <c>--plot</c> was given.</summary>
    /// <exception cref="InputException">The extension, size or scale is not valid.</exception>
    public PlotRequest? Read(ParseResult result) => Read(result.GetValue(File), result.GetValue(Size), result.GetValue(Scale), File.Name);

    /// <summary>The request for a file given as an argument rather than through <c>--plot</c> (the plot command's FILE).</summary>
    public PlotRequest ReadRequired(ParseResult result, string path, string what) =>
        Read(path, result.GetValue(Size), result.GetValue(Scale), what)!;

    private PlotRequest? Read(string? path, string? size, double scale, string what)
    {
        if (path is null) return null;
        if (string.IsNullOrWhiteSpace(path)) throw new InputException($"{what}: expected a file name ending in .svg, .png or .html");
        FigureFormat format;
        try
        {
            format = FigureFile.FormatOf(path);
        }
        catch (InputException e)
        {
            throw new InputException($"{what}: {e.Message}");
        }
        if (!(scale > 0 && scale <= 8)) throw new InputException($"{Scale.Name}: {scale.ToString(CultureInfo.InvariantCulture)} is not in (0, 8]");
        OutputPaths.CheckFile(path, what);
        return new PlotRequest(path, format, size is null ? null : ParseSize(size), scale);
    }

    private (double, double) ParseSize(string text)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double w)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double h)
            && w >= 200 && h >= 150 && w <= 10000 && h <= 10000)
            return (w, h);
        throw new InputException($"{Size.Name}: '{text}' is not WIDTHxHEIGHT with a width of 200–10000 and a height of 150–10000 pixels");
    }
}
