namespace Downhill.Plotting;

/// <summary>Something drawn in a panel. A mark with a <see cref="Label"/> gets a legend entry.</summary>
public abstract record Mark
{
    /// <summary>The legend's text, if any.</summary>
    public string? Label { get; init; }
}

/// <summary>The outline drawn at each point of a <see cref="ScatterMark"/>.</summary>
public enum MarkerShape
{
    /// <summary>A circle.</summary>
    Circle,
    /// <summary>A square.</summary>
    Square,
    /// <summary>A square on its corner.</summary>
    Diamond,
    /// <summary>A triangle pointing up.</summary>
    Triangle,
    /// <summary>A triangle pointing down.</summary>
    TriangleDown,
    /// <summary>An ×.</summary>
    Cross,
    /// <summary>A five-pointed star.</summary>
    Star,
}

/// <summary>The stroke pattern of a line.</summary>
public enum LineDash
{
    /// <summary>Unbroken.</summary>
    Solid,
    /// <summary>Dashes.</summary>
    Dashed,
    /// <summary>Dots.</summary>
    Dotted,
}

/// <summary>A polyline through points in data coordinates; a non-finite point breaks it.</summary>
public sealed record LineMark(IReadOnlyList<(double X, double Y)> Points, Rgb Color) : Mark
{
    /// <summary>Line width in pixels.</summary>
    public double Width { get; init; } = 1.8;
    /// <summary>How the line is drawn.</summary>
    public LineDash Dash { get; init; } = LineDash.Solid;

    /// <summary>Draw a white casing under the line so it reads over a coloured background.</summary>
    public bool Halo { get; init; }
}

/// <summary>A marker at each point.</summary>
public sealed record ScatterMark(IReadOnlyList<(double X, double Y)> Points, MarkerShape Shape, Rgb Fill) : Mark
{
    /// <summary>Marker width in pixels.</summary>
    public double Size { get; init; } = 7;

    /// <summary>The outline colour; white separates overlapping markers.</summary>
    public Rgb Stroke { get; init; } = Rgb.White;
}

/// <summary>Axis-aligned rectangles in data coordinates (bars, sampled ranges).</summary>
public sealed record RectMark(IReadOnlyList<DataRect> Rects, Rgb Fill) : Mark
{
    /// <summary>0 (transparent) to 1 (opaque).</summary>
    public double Opacity { get; init; } = 1;
}

/// <summary>A rectangle from (<paramref name="X0"/>, <paramref name="Y0"/>) to (<paramref name="X1"/>, <paramref name="Y1"/>) in data units.</summary>
public readonly record struct DataRect(double X0, double Y0, double X1, double Y1);

/// <summary>Filled contour bands and contour lines of a sampled function, with a colour bar.</summary>
public sealed record ContourMark(ScalarGrid Grid, ContourLevels Levels) : Mark
{
    /// <summary>Whether the contour bands are filled.</summary>
    public bool Filled { get; init; } = true;
    /// <summary>Whether the contour lines are drawn.</summary>
    public bool Lines { get; init; } = true;
}

/// <summary>
/// A map of categories over a grid of cells (a basin per minimum): cell (i, j) spans
/// [Xs[i], Xs[i+1]] × [Ys[j], Ys[j+1]]; category −1 is "none" and is drawn grey.
/// </summary>
public sealed record CategoryMapMark(double[] Xs, double[] Ys, int[,] Categories, IReadOnlyList<string> Names, IReadOnlyList<Rgb> Colors) : Mark;

/// <summary>How a surface is drawn.</summary>
public enum SurfaceStyle
{
    /// <summary>Filled faces, shaded by height.</summary>
    Shaded,
    /// <summary>The grid's lines only.</summary>
    Wireframe,
}

/// <summary>A surface z = f(x, y) seen from a <see cref="Camera"/>, with paths drawn on it.</summary>
public sealed record SurfaceMark(ScalarGrid Grid, Camera Camera, SurfaceStyle Style, IReadOnlyList<SurfacePath> Paths) : Mark
{
    /// <summary>The names of the two horizontal axes.</summary>
    public (string X, string Y) Variables { get; init; } = ("x", "y");
}

/// <summary>A path on a surface: points (x, y, f), in order, with the colour it is drawn in.</summary>
public sealed record SurfacePath(string Label, IReadOnlyList<(double X, double Y, double Z)> Points, Rgb Color);
