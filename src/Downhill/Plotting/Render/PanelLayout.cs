namespace Downhill.Plotting;

/// <summary>
/// Where a panel's parts go, in pixels: the plot rectangle, the ticks that fit it without their labels touching,
/// and a right-hand column for the legend and colour bar. Panels in one grid column share left and right
/// margins, so stacked panels (a curve over its derivative) line up.
/// </summary>
internal sealed class PanelLayout
{
    public const double TickFont = 11;
    public const double AxisFont = 12.5;
    public const double TitleFont = 13.5;

    private PanelLayout(Panel panel, int index, double x, double y, double width, double height)
    {
        Panel = panel;
        Index = index;
        CellX = x; CellY = y; CellW = width; CellH = height;
        Legend = Plotting.Legend.Entries(panel);
        ColorBar = Plotting.ColorBar.For(panel);
        Is3D = panel.Surface is not null;
        Top = panel.Title is null ? 10 : 30;
        Bottom = Is3D ? 8 : 44;
        PlotH = Math.Max(40, height - Top - Bottom);
        YTicks = Is3D ? [] : ChooseTicks(panel.Y, PlotH, vertical: true);
        double yLabelWidth = YTicks.Where(t => t.Major).Select(t => TextWidth.Of(t.Label, TickFont)).DefaultIfEmpty(0).Max();
        LeftWanted = Is3D ? 8 : 8 + 18 + yLabelWidth + 10;
        double column = Math.Max(Plotting.Legend.Width(Legend), ColorBar?.Width ?? 0);
        RightWanted = column > 0 ? 16 + column + 6 : 14;
    }

    public Panel Panel { get; }
    public int Index { get; }
    public double CellX { get; }
    public double CellY { get; }
    public double CellW { get; }
    public double CellH { get; }
    public bool Is3D { get; }
    public List<LegendEntry> Legend { get; }
    public ColorBar? ColorBar { get; }
    public double Top { get; }
    public double Bottom { get; }
    public double LeftWanted { get; }
    public double RightWanted { get; }
    public IReadOnlyList<Tick> YTicks { get; }
    public IReadOnlyList<Tick> XTicks { get; private set; } = [];
    public double PlotX { get; private set; }
    public double PlotY => CellY + Top;
    public double PlotW { get; private set; }
    public double PlotH { get; }

    public PixelScale XScale => new(Panel.X, PlotX, PlotX + PlotW);
    public PixelScale YScale => new(Panel.Y, PlotY + PlotH, PlotY);

    /// <summary>Lays out every panel of <paramref name="figure"/> below <paramref name="top"/>.</summary>
    public static List<PanelLayout> For(Figure figure, double top)
    {
        int columns = Math.Max(1, figure.Columns);
        int rows = (figure.Panels.Count + columns - 1) / columns;
        const double outer = 8;
        double cellW = (figure.Width - 2 * outer) / columns, cellH = (figure.Height - top - outer) / Math.Max(1, rows);
        var layouts = figure.Panels
            .Select((p, k) => new PanelLayout(p, k, outer + (k % columns) * cellW, top + (k / columns) * cellH, cellW, cellH))
            .ToList();
        foreach (var column in layouts.GroupBy(l => l.Index % columns))
        {
            double left = column.Max(l => l.LeftWanted), right = column.Max(l => l.RightWanted);
            foreach (var l in column) l.Place(left, right);
        }
        return layouts;
    }

    private void Place(double left, double right)
    {
        PlotX = CellX + left;
        PlotW = Math.Max(40, CellW - left - right);
        XTicks = Is3D ? [] : ChooseTicks(Panel.X, PlotW, vertical: false);
    }

    /// <summary>The most ticks whose labels keep clear of each other along an axis of <paramref name="length"/> pixels.</summary>
    private static IReadOnlyList<Tick> ChooseTicks(Axis axis, double length, bool vertical)
    {
        var scale = new PixelScale(axis, 0, length);
        if (axis.Categories is { } categories)
        {
            // Every category keeps its tick; when the names would touch, only every k-th is written.
            for (int every = 1; ; every++)
            {
                var ticks = categories.Select((c, k) => new Tick(c.Value, k % every == 0 ? c.Text : "")).ToList();
                if (vertical || every >= categories.Count || LabelsClear(ticks, scale)) return ticks;
            }
        }
        for (int count = Math.Max(2, (int)(length / (vertical ? 42 : 64))); count >= 2; count--)
        {
            var ticks = axis.Scale == AxisScale.Log ? NiceTicks.Log(axis.Min, axis.Max, count) : NiceTicks.Linear(axis.Min, axis.Max, count);
            if (vertical || LabelsClear(ticks, scale)) return ticks;
        }
        return axis.Scale == AxisScale.Log ? NiceTicks.Log(axis.Min, axis.Max, 2) : NiceTicks.Linear(axis.Min, axis.Max, 2);
    }

    private static bool LabelsClear(IReadOnlyList<Tick> ticks, PixelScale scale)
    {
        double lastRight = double.NegativeInfinity;
        foreach (var tick in ticks.Where(t => t.Label.Length > 0))
        {
            double centre = scale.Map(tick.Value), half = TextWidth.Of(tick.Label, TickFont) / 2;
            if (centre - half < lastRight + 8) return false;
            lastRight = centre + half;
        }
        return true;
    }
}
