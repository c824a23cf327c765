using System.Text;
using System.Text.Json;
using Downhill.IO;

namespace Downhill.Plotting;

/// <summary>
/// Draws a figure as one self-contained HTML page that works offline: the figure's SVG inline, its data as JSON,
/// and a small script of Downhill's own (no library, no network) that adds hover read-outs, zoom and pan, and
/// turns 3-D surfaces with the mouse.
/// </summary>
public static class HtmlRenderer
{
    private static readonly Lazy<string> ScriptText = new(() => Resource("figure.js"));
    private static readonly Lazy<string> StyleText = new(() => Resource("figure.css"));

    /// <summary>The figure script (figure.js): what each page inlines, and what the playground loads as a file.</summary>
    public static string Script => ScriptText.Value;

    /// <summary>The figure style (figure.css).</summary>
    public static string Style => StyleText.Value;

    /// <summary>A self-contained HTML page that draws <paramref name="figure"/>.</summary>
    public static string Render(Figure figure)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<title>").Append(Svg.Escape(figure.Title)).Append("</title>\n")
            .Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<div id=\"figure\" style=\"width:").Append(Svg.N(figure.Width)).Append("px;height:").Append(Svg.N(figure.Height)).Append("px\">\n")
            .Append(SvgRenderer.Render(figure, standalone: false))
            .Append("<div id=\"readout\" hidden></div>\n</div>\n")
            .Append("<p class=\"help\">Hover to read values. Scroll to zoom, drag to pan, double-click to reset. Drag a 3-D view to turn it.</p>\n")
            .Append("<script type=\"application/json\" id=\"figure-data\">").Append(Data(figure)).Append("</script>\n")
            .Append("<script>\n").Append(Script).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>The figure's data for the script. The default encoder escapes &lt; and &gt;, so "&lt;/script&gt;" cannot occur.</summary>
    private static string Data(Figure figure)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("viridis");
            foreach (string hex in Palette.ViridisHex) json.WriteStringValue(hex);
            json.WriteEndArray();
            json.WriteStartArray("panels");
            foreach (var panel in figure.Panels) WritePanel(json, panel);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WritePanel(Utf8JsonWriter json, Panel panel)
    {
        json.WriteStartObject();
        json.WriteString("x", panel.X.Label);
        json.WriteString("y", panel.Y.Label);
        json.WriteBoolean("categoricalX", panel.X.Categories is not null);
        json.WriteStartArray("series");
        foreach (var mark in panel.Marks)
        {
            var points = mark switch { LineMark l => l.Points, ScatterMark s => s.Points, _ => null };
            if (points is null || points.Count == 0 || (mark.Label is null && mark is LineMark)) continue;
            json.WriteStartObject();
            json.WriteString("label", mark.Label ?? "");
            json.WriteStartArray("points");
            foreach (var (x, y) in points)
            {
                json.WriteStartArray();
                json.WriteReal(x);
                json.WriteReal(y);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        foreach (var mark in panel.Marks)
        {
            switch (mark)
            {
                case ContourMark contour:
                    json.WritePropertyName("field");
                    WriteGrid(json, contour.Grid);
                    break;
                case CategoryMapMark map:
                    json.WriteStartObject("categories");
                    json.WriteReals("xs", map.Xs);
                    json.WriteReals("ys", map.Ys);
                    json.WriteStartArray("cells");
                    for (int j = 0; j < map.Categories.GetLength(0); j++)
                    {
                        json.WriteStartArray();
                        for (int i = 0; i < map.Categories.GetLength(1); i++) json.WriteNumberValue(map.Categories[j, i]);
                        json.WriteEndArray();
                    }
                    json.WriteEndArray();
                    json.WriteStartArray("names");
                    foreach (string name in map.Names) json.WriteStringValue(name);
                    json.WriteEndArray();
                    json.WriteEndObject();
                    break;
                case SurfaceMark surface:
                    WriteSurface(json, surface);
                    break;
            }
        }
        json.WriteEndObject();
    }

    private static void WriteGrid(Utf8JsonWriter json, ScalarGrid grid)
    {
        json.WriteStartObject();
        json.WriteReals("xs", grid.Xs);
        json.WriteReals("ys", grid.Ys);
        json.WriteStartArray("values");
        for (int j = 0; j < grid.Ys.Length; j++)
        {
            json.WriteStartArray();
            for (int i = 0; i < grid.Xs.Length; i++) json.WriteReal(grid.Values[j, i]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSurface(Utf8JsonWriter json, SurfaceMark surface)
    {
        json.WriteStartObject("surface");
        json.WritePropertyName("grid");
        WriteGrid(json, surface.Grid);
        json.WriteString("style", surface.Style == SurfaceStyle.Wireframe ? "wireframe" : "shaded");
        json.WriteReal("azimuth", surface.Camera.Azimuth);
        json.WriteReal("elevation", surface.Camera.Elevation);
        json.WriteReal("halfHeight", SurfaceScene.HalfHeight);
        json.WriteStartArray("variables");
        json.WriteStringValue(surface.Variables.X);
        json.WriteStringValue(surface.Variables.Y);
        json.WriteEndArray();
        json.WriteStartArray("paths");
        foreach (var path in surface.Paths)
        {
            json.WriteStartObject();
            json.WriteString("label", path.Label);
            json.WriteString("color", path.Color.Hex);
            json.WriteStartArray("points");
            foreach (var (x, y, z) in path.Points)
            {
                json.WriteStartArray();
                json.WriteReal(x);
                json.WriteReal(y);
                json.WriteReal(z);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string Resource(string name)
    {
        var assembly = typeof(HtmlRenderer).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Downhill.Plotting.Render.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
