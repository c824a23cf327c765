namespace Downhill.Plotting;

/// <summary>One legend row: a swatch drawn like the mark it stands for, and its text.</summary>
internal sealed record LegendEntry(string Text, Rgb Color, MarkerShape? Shape = null, LineDash? Dash = null, Rgb? Stroke = null, bool Halo = false);

/// <summary>Collects legend rows from a panel's labelled marks and draws them as a column.</summary>
internal static class Legend
{
    public const double RowHeight = 18;
    public const double SwatchWidth = 24;
    public const double FontSize = 11.5;
    private const int MaxChars = 42;

    public static List<LegendEntry> Entries(Panel panel)
    {
        var entries = new List<LegendEntry>();
        foreach (var mark in panel.Marks)
        {
            switch (mark)
            {
                case CategoryMapMark map:
                    for (int k = 0; k < map.Names.Count; k++)
                        entries.Add(new LegendEntry(map.Names[k], k < map.Colors.Count ? map.Colors[k] : Palette.Missing, Shape: MarkerShape.Square));
                    if (map.Categories.Cast<int>().Any(c => c < 0 || c >= map.Names.Count))
                        entries.Add(new LegendEntry("none (did not converge)", Palette.Missing, Shape: MarkerShape.Square));
                    break;
                case SurfaceMark surface:
                    entries.AddRange(surface.Paths.Select(p => new LegendEntry(p.Label, p.Color, Dash: LineDash.Solid)));
                    break;
                case LineMark line when line.Label is not null:
                    entries.Add(new LegendEntry(line.Label, line.Color, Dash: line.Dash, Halo: line.Halo));
                    break;
                case ScatterMark scatter when scatter.Label is not null:
                    entries.Add(new LegendEntry(scatter.Label, scatter.Fill, scatter.Shape, Stroke: scatter.Stroke));
                    break;
                case RectMark rect when rect.Label is not null:
                    entries.Add(new LegendEntry(rect.Label, rect.Fill, Shape: MarkerShape.Square));
                    break;
            }
        }
        return entries.Select(e => e with { Text = Shorten(e.Text) }).ToList();
    }

    public static double Width(IReadOnlyList<LegendEntry> entries) =>
        entries.Count == 0 ? 0 : SwatchWidth + 6 + entries.Max(e => TextWidth.Of(e.Text, FontSize));

    /// <summary>Draws as many rows as fit in <paramref name="height"/>; the rest are counted in a last row.</summary>
    public static double Draw(Svg svg, IReadOnlyList<LegendEntry> entries, double x, double y, double height)
    {
        int fit = Math.Max(1, (int)(height / RowHeight));
        int shown = entries.Count <= fit ? entries.Count : fit - 1;
        svg.Line("<g class=\"legend\">");
        for (int k = 0; k < shown; k++)
        {
            var e = entries[k];
            double cy = y + k * RowHeight + RowHeight / 2;
            if (e.Dash is { } dash)
            {
                string pattern = dash switch { LineDash.Dashed => " stroke-dasharray=\"6 4\"", LineDash.Dotted => " stroke-dasharray=\"1.5 3\" stroke-linecap=\"round\"", _ => "" };
                if (e.Halo) // the line's casing, darkened so a white line still shows on the white page
                    svg.Line($"<path d=\"M{Svg.N(x)} {Svg.N(cy)}h{Svg.N(SwatchWidth)}\" stroke=\"#666666\" stroke-width=\"4.6\"/>");
                svg.Line($"<path d=\"M{Svg.N(x)} {Svg.N(cy)}h{Svg.N(SwatchWidth)}\" stroke=\"{e.Color.Hex}\" stroke-width=\"2.2\"{pattern}/>");
            }
            if (e.Shape is { } shape)
            {
                string stroke = (e.Stroke ?? e.Color).Hex;
                if (stroke == Rgb.White.Hex) stroke = "#555555"; // a white outline on the white page would vanish
                svg.Line($"<path transform=\"translate({Svg.N(x + SwatchWidth / 2)},{Svg.N(cy)})\" d=\"{SvgMarks.MarkerPath(shape, 9)}\" fill=\"{e.Color.Hex}\" stroke=\"{stroke}\" stroke-width=\"1\"/>");
            }
            svg.Text(x + SwatchWidth + 6, cy + 4, e.Text, $"font-size=\"{FontSize}\" fill=\"#222222\"");
        }
        if (shown < entries.Count)
            svg.Text(x, y + shown * RowHeight + RowHeight / 2 + 4, $"+{entries.Count - shown} more", $"font-size=\"{FontSize}\" fill=\"#555555\"");
        svg.Line("</g>");
        return Math.Min(entries.Count, fit) * RowHeight;
    }

    private static string Shorten(string text) => text.Length <= MaxChars ? text : text[..(MaxChars - 1)] + "…";
}
