namespace Downhill.Plotting;

/// <summary>
/// The colour key of a contour or surface panel: equal-height bands labelled at the contour levels (which may be
/// log-spaced), or a continuous viridis ramp with nice ticks for a surface's heights.
/// </summary>
internal sealed record ColorBar(string Label, ContourLevels? Levels, double Min, double Max)
{
    public const double BarWidth = 14;
    private const double FontSize = 10.5;

    public static ColorBar? For(Panel panel)
    {
        string label = panel.ColorBarLabel ?? "f";
        foreach (var mark in panel.Marks)
        {
            if (mark is ContourMark { Filled: true } contour) return new ColorBar(label, contour.Levels, 0, 0);
            if (mark is SurfaceMark surface)
            {
                var (min, max) = surface.Grid.FiniteRange();
                return new ColorBar(label, null, min, max > min ? max : min + 1);
            }
        }
        return null;
    }

    /// <summary>The level labels, with just enough significant digits that neighbours differ.</summary>
    public IReadOnlyList<string> LevelLabels()
    {
        if (Levels is null) return [];
        for (int digits = 2; digits <= 6; digits++)
        {
            var labels = Levels.Values.Select(v => TickFormat.Significant(v, digits)).ToList();
            if (labels.Distinct().Count() == labels.Count) return labels;
        }
        return Levels.Values.Select(v => TickFormat.Significant(v, 8)).ToList();
    }

    public double Width => BarWidth + 8 + (Levels is null
        ? NiceTicks.Linear(Min, Max, 6).Select(t => TextWidth.Of(t.Label, FontSize)).DefaultIfEmpty(0).Max()
        : LevelLabels().Select(l => TextWidth.Of(l, FontSize)).DefaultIfEmpty(0).Max()) + 22;

    public void Draw(Svg svg, double x, double y, double height, int id)
    {
        svg.Line("<g class=\"colorbar\">");
        if (Levels is { } levels)
        {
            int bands = levels.BandCount;
            double bandHeight = height / bands;
            for (int k = 0; k < bands; k++)
                svg.Line($"<rect x=\"{Svg.N(x)}\" y=\"{Svg.N(y + height - (k + 1) * bandHeight)}\" width=\"{Svg.N(BarWidth)}\" height=\"{Svg.N(bandHeight + 0.3)}\" fill=\"{levels.BandColor(k).Hex}\"/>");
            var labels = LevelLabels();
            int every = Math.Max(1, (int)Math.Ceiling(13 / bandHeight));
            for (int k = 0; k < labels.Count; k += every)
            {
                double ty = y + height - (k + 1) * bandHeight;
                svg.Line($"<path d=\"M{Svg.N(x + BarWidth)} {Svg.N(ty)}h4\" stroke=\"#444444\"/>");
                svg.Text(x + BarWidth + 6, ty + 3.5, labels[k], $"font-size=\"{FontSize}\" fill=\"#333333\"");
            }
        }
        else
        {
            svg.Line($"<defs><linearGradient id=\"ramp-{id}\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
            for (int k = 0; k <= 8; k++)
                svg.Line($"<stop offset=\"{Svg.N(k / 8.0)}\" stop-color=\"{Palette.Viridis(k / 8.0).Hex}\"/>");
            svg.Line("</linearGradient></defs>");
            svg.Line($"<rect x=\"{Svg.N(x)}\" y=\"{Svg.N(y)}\" width=\"{Svg.N(BarWidth)}\" height=\"{Svg.N(height)}\" fill=\"url(#ramp-{id})\"/>");
            foreach (var tick in NiceTicks.Linear(Min, Max, Math.Max(2, (int)(height / 40))))
            {
                double ty = y + height - (tick.Value - Min) / (Max - Min) * height;
                svg.Line($"<path d=\"M{Svg.N(x + BarWidth)} {Svg.N(ty)}h4\" stroke=\"#444444\"/>");
                svg.Text(x + BarWidth + 6, ty + 3.5, tick.Label, $"font-size=\"{FontSize}\" fill=\"#333333\"");
            }
        }
        svg.Line($"<rect x=\"{Svg.N(x)}\" y=\"{Svg.N(y)}\" width=\"{Svg.N(BarWidth)}\" height=\"{Svg.N(height)}\" fill=\"none\" stroke=\"#444444\" stroke-width=\"0.8\"/>");
        double lx = x + Width - 6, ly = y + height / 2;
        svg.Text(lx, ly, Label, $"text-anchor=\"middle\" font-size=\"12\" fill=\"#222222\" transform=\"rotate(-90 {Svg.N(lx)} {Svg.N(ly)})\"");
        svg.Line("</g>");
    }
}
