namespace Downhill.Plotting;

/// <summary>
/// A figure: a title over a grid of panels. It holds data, not pixels: a back end (SVG, PNG, HTML) lays it out
/// at <see cref="Width"/> × <see cref="Height"/> when it draws.
/// </summary>
public sealed record Figure(string Title, IReadOnlyList<Panel> Panels)
{
    /// <summary>Panels per row; panels fill rows left to right.</summary>
    public int Columns { get; init; } = 1;

    /// <summary>Width in CSS pixels.</summary>
    public double Width { get; init; } = 760;

    /// <summary>Height in CSS pixels.</summary>
    public double Height { get; init; } = 540;

    /// <summary>A smaller line under the title (the formula, the settings).</summary>
    public string? Subtitle { get; init; }
}

/// <summary>One plot: two axes and the marks drawn against them, or a 3-D surface view.</summary>
public sealed record Panel(Axis X, Axis Y, IReadOnlyList<Mark> Marks)
{
    /// <summary>The panel's title, if any.</summary>
    public string? Title { get; init; }

    /// <summary>The label of the colour bar drawn beside a contour or surface mark.</summary>
    public string? ColorBarLabel { get; init; }

    /// <summary>The surface mark, when this panel is a 3-D view (its axes are then the surface's own).</summary>
    public SurfaceMark? Surface => Marks.OfType<SurfaceMark>().FirstOrDefault();
}

/// <summary>How data values map along an axis.</summary>
public enum AxisScale
{
    /// <summary>Evenly spaced values.</summary>
    Linear,
    /// <summary>Base-10 logarithmic; only positive values are drawn.</summary>
    Log,
}

/// <summary>An axis: its label, its visible range and its scale.</summary>
/// <param name="Label">The axis title, e.g. "iteration" or "f(x)".</param>
/// <param name="Min">The smallest visible value (positive on a log axis).</param>
/// <param name="Max">The largest visible value.</param>
/// <param name="Scale">Linear or log.</param>
public sealed record Axis(string Label, double Min, double Max, AxisScale Scale = AxisScale.Linear)
{
    /// <summary>Named positions (a bar per critical point) shown instead of numeric ticks.</summary>
    public IReadOnlyList<(double Value, string Text)>? Categories { get; init; }

    /// <summary>A linear axis over the data with a margin of <paramref name="pad"/> of the span each side.</summary>
    public static Axis Fit(string label, IEnumerable<double> values, double pad = 0.05)
    {
        var (lo, hi) = Extent(values.Where(double.IsFinite));
        double span = hi - lo;
        if (span <= 0) span = Math.Max(Math.Abs(hi), 1);
        return new Axis(label, lo - pad * span, hi + pad * span);
    }

    /// <summary>
    /// A log axis over the positive data (padded by a fraction of a decade) when the values span more than
    /// <paramref name="decades"/> decades and are all positive; otherwise <see cref="Fit"/>.
    /// </summary>
    public static Axis FitLogIfSpanning(string label, IEnumerable<double> values, double decades = 2)
    {
        double[] finite = values.Where(double.IsFinite).ToArray();
        if (finite.Length > 0 && finite.All(v => v > 0))
        {
            var (lo, hi) = Extent(finite);
            if (Math.Log10(hi / lo) > decades)
                return new Axis(label, lo / 1.5, hi * 1.5, AxisScale.Log);
        }
        return Fit(label, finite);
    }

    private static (double Lo, double Hi) Extent(IEnumerable<double> values)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in values)
        {
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        return lo <= hi ? (lo, hi) : (0, 1);
    }
}
