using System.Text;

namespace Downhill.Plotting;

/// <summary>
/// Draws a <see cref="Figure"/> as SVG 1.1 text. The output depends only on the figure: the same figure gives the
/// same bytes (invariant culture, coordinates rounded to 0.01 px, no timestamps or random identifiers).
/// </summary>
public static class SvgRenderer
{
    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";

    /// <summary>The figure as a standalone SVG document.</summary>
    public static string Render(Figure figure) => Render(figure, standalone: true);

    /// <summary>The figure as SVG; without <paramref name="standalone"/> it omits the XML declaration, to sit inside HTML.</summary>
    internal static string Render(Figure figure, bool standalone)
    {
        var svg = new Svg();
        if (standalone) svg.Line("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
        string w = Svg.N(figure.Width), h = Svg.N(figure.Height);
        svg.Line($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{FontFamily}\" font-size=\"12\">");
        svg.Line($"<title>{Svg.Escape(figure.Title)}</title>");
        svg.Line($"<rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>");
        double top = 30;
        var (title, titleSize) = Fit(figure.Title, 16, figure.Width - 24, bold: true);
        svg.Text(figure.Width / 2, 24, title, $"text-anchor=\"middle\" font-size=\"{Svg.N(titleSize)}\" font-weight=\"bold\" fill=\"#222222\"");
        if (figure.Subtitle is { } text)
        {
            var (subtitle, subtitleSize) = Fit(text, 12, figure.Width - 24, bold: false);
            svg.Text(figure.Width / 2, 42, subtitle, $"text-anchor=\"middle\" font-size=\"{Svg.N(subtitleSize)}\" fill=\"#555555\"");
            top = 48;
        }
        foreach (var layout in PanelLayout.For(figure, top))
            DrawPanel(svg, layout);
        svg.Line("</svg>");
        return svg.ToString();
    }

    /// <summary>A heading that fits the width: set smaller (down to 9 px), then cut short with an ellipsis.</summary>
    private static (string Text, double Size) Fit(string text, double size, double width, bool bold)
    {
        double Width(string t, double s) => TextWidth.Of(t, s) * (bold ? 1.12 : 1);
        if (Width(text, size) <= width) return (text, size);
        double smaller = Math.Max(9, size * width / Width(text, size));
        if (Width(text, smaller) <= width) return (text, Math.Floor(smaller * 10) / 10);
        while (text.Length > 1 && Width(text + "…", smaller) > width) text = text[..^1];
        return (text.TrimEnd() + "…", smaller);
    }

    private static void DrawPanel(Svg svg, PanelLayout l)
    {
        var panel = l.Panel;
        string Range(Axis a) => $"{Svg.N6(a.Min)} {Svg.N6(a.Max)} {(a.Scale == AxisScale.Log ? "log" : "linear")}";
        svg.Line($"<g class=\"panel\" id=\"panel-{l.Index}\" data-plot=\"{Svg.N(l.PlotX)} {Svg.N(l.PlotY)} {Svg.N(l.PlotW)} {Svg.N(l.PlotH)}\" data-x=\"{Range(panel.X)}\" data-y=\"{Range(panel.Y)}\"{(l.Is3D ? " data-kind=\"surface\"" : "")}>");
        if (panel.Title is { } title)
            svg.Text(l.PlotX + l.PlotW / 2, l.CellY + 19, title, $"text-anchor=\"middle\" font-size=\"{PanelLayout.TitleFont}\" font-weight=\"bold\" fill=\"#222222\"");
        if (l.Is3D)
        {
            svg.Line("<g class=\"scene\">");
            SvgSurface.Draw(svg, panel.Surface!, l.PlotX, l.PlotY, l.PlotW, l.PlotH);
            svg.Line("</g>");
        }
        else
            DrawPlot(svg, l);
        DrawSideColumn(svg, l);
        svg.Line("</g>");
    }

    private static void DrawPlot(Svg svg, PanelLayout l)
    {
        var (xs, ys) = (l.XScale, l.YScale);
        string rect = $"x=\"{Svg.N(l.PlotX)}\" y=\"{Svg.N(l.PlotY)}\" width=\"{Svg.N(l.PlotW)}\" height=\"{Svg.N(l.PlotH)}\"";
        svg.Line($"<clipPath id=\"clip-{l.Index}\"><rect {rect}/></clipPath>");
        // Markers on the frame (a start on the boundary, a × at iteration 0) show whole: their clip is 8 px wider.
        svg.Line($"<clipPath id=\"clip-markers-{l.Index}\"><rect x=\"{Svg.N(l.PlotX - 8)}\" y=\"{Svg.N(l.PlotY - 8)}\" width=\"{Svg.N(l.PlotW + 16)}\" height=\"{Svg.N(l.PlotH + 16)}\"/></clipPath>");
        svg.Line($"<rect class=\"frame-fill\" {rect} fill=\"#ffffff\"/>");
        DrawGrid(svg, l);
        svg.Line($"<g class=\"plot\" clip-path=\"url(#clip-{l.Index})\">");
        svg.Line("<g class=\"zoom\">");
        foreach (var mark in l.Panel.Marks) SvgMarks.DrawGeometry(svg, mark, xs, ys);
        svg.Line("</g>");
        svg.Line("</g>");
        svg.Line($"<rect class=\"frame\" {rect} fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>");
        svg.Line($"<g class=\"markers\" clip-path=\"url(#clip-markers-{l.Index})\">");
        foreach (var scatter in l.Panel.Marks.OfType<ScatterMark>()) SvgMarks.DrawMarkers(svg, scatter, xs, ys);
        svg.Line("</g>");
        DrawAxes(svg, l);
    }

    private static void DrawGrid(Svg svg, PanelLayout l)
    {
        var d = new StringBuilder();
        foreach (var t in l.XTicks.Where(t => t.Major && l.XScale.Contains(t.Value)))
            d.Append($"M{Svg.N(l.XScale.Map(t.Value))} {Svg.N(l.PlotY)}v{Svg.N(l.PlotH)}");
        foreach (var t in l.YTicks.Where(t => t.Major && l.YScale.Contains(t.Value)))
            d.Append($"M{Svg.N(l.PlotX)} {Svg.N(l.YScale.Map(t.Value))}h{Svg.N(l.PlotW)}");
        svg.Line($"<path class=\"grid\" d=\"{d}\" stroke=\"{Palette.Grid.Hex}\" stroke-width=\"1\"/>");
    }

    private static void DrawAxes(Svg svg, PanelLayout l)
    {
        double bottom = l.PlotY + l.PlotH;
        var marks = new StringBuilder();
        svg.Line("<g class=\"xaxis\">");
        foreach (var t in l.XTicks.Where(t => l.XScale.Contains(t.Value)))
        {
            double x = l.XScale.Map(t.Value);
            marks.Append($"M{Svg.N(x)} {Svg.N(bottom)}v{(t.Major ? 5 : 3)}");
            if (t.Label.Length > 0)
                svg.Text(x, bottom + 18, t.Label, $"text-anchor=\"middle\" font-size=\"{PanelLayout.TickFont}\" fill=\"#333333\"");
        }
        svg.Line($"<path d=\"{marks}\" stroke=\"#444444\"/>");
        svg.Line("</g>");
        marks.Clear();
        svg.Line("<g class=\"yaxis\">");
        foreach (var t in l.YTicks.Where(t => l.YScale.Contains(t.Value)))
        {
            double y = l.YScale.Map(t.Value);
            marks.Append($"M{Svg.N(l.PlotX)} {Svg.N(y)}h{(t.Major ? -5 : -3)}");
            if (t.Label.Length > 0)
                svg.Text(l.PlotX - 8, y + 4, t.Label, $"text-anchor=\"end\" font-size=\"{PanelLayout.TickFont}\" fill=\"#333333\"");
        }
        svg.Line($"<path d=\"{marks}\" stroke=\"#444444\"/>");
        svg.Line("</g>");
        svg.Text(l.PlotX + l.PlotW / 2, bottom + 36, l.Panel.X.Label, $"text-anchor=\"middle\" font-size=\"{PanelLayout.AxisFont}\" fill=\"#222222\"");
        double lx = l.CellX + 16, ly = l.PlotY + l.PlotH / 2;
        svg.Text(lx, ly, l.Panel.Y.Label, $"text-anchor=\"middle\" font-size=\"{PanelLayout.AxisFont}\" fill=\"#222222\" transform=\"rotate(-90 {Svg.N(lx)} {Svg.N(ly)})\"");
    }

    private static void DrawSideColumn(Svg svg, PanelLayout l)
    {
        double x = l.PlotX + l.PlotW + 16;
        double used = l.Legend.Count > 0 ? Legend.Draw(svg, l.Legend, x, l.PlotY, l.ColorBar is null ? l.PlotH : l.PlotH * 0.45) : 0;
        if (l.ColorBar is { } bar)
        {
            double y = l.PlotY + (used > 0 ? used + 14 : 0);
            bar.Draw(svg, x, y, l.PlotY + l.PlotH - y, l.Index);
        }
    }
}
