using System.Globalization;
using System.Xml.Linq;
using SkiaSharp;

namespace Downhill.Plotting;

/// <summary>
/// Anchors a text element that holds spans (the raised exponent of a "10⁻⁵" tick label) as one chunk before the SVG
/// is rasterized. SVG anchors a whole chunk, base and exponent together, and browsers and librsvg do; Svg.Skia
/// anchors only the first run and lets the exponent hang past the anchor. So for the rasterizer each such element
/// gets <c>text-anchor="start"</c> at the x the chunk's measured width puts its start, measured in the face the PNG
/// draws with. The SVG written to files keeps its anchors.
/// </summary>
internal static class TextChunks
{
    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    /// <summary>The SVG with every anchored multi-run text element re-anchored at its start.</summary>
    public static string AnchorAtStart(string svg)
    {
        var document = XDocument.Parse(svg, LoadOptions.PreserveWhitespace);
        bool changed = false;
        foreach (var text in document.Descendants(Ns + "text"))
        {
            string anchor = Inherited(text, "text-anchor") ?? "start";
            if (anchor == "start" || !text.Elements().Any()) continue;
            double width = Advance(text);
            double x = double.Parse((string?)text.Attribute("x") ?? "0", CultureInfo.InvariantCulture);
            text.SetAttributeValue("x", (x - (anchor == "end" ? width : width / 2)).ToString("R", CultureInfo.InvariantCulture));
            text.SetAttributeValue("text-anchor", "start");
            changed = true;
        }
        return changed ? document.Declaration + document.ToString(SaveOptions.DisableFormatting) : svg;
    }

    /// <summary>The advance of all of a text element's runs, each in its own size and face.</summary>
    private static double Advance(XElement text)
    {
        double width = 0;
        foreach (var node in text.Nodes())
        {
            var (content, element) = node switch
            {
                XText run => (run.Value, text),
                XElement span => (span.Value, span),
                _ => ("", text),
            };
            if (content.Length == 0) continue;
            bool bold = Inherited(element, "font-weight") is "bold" or "bolder" or "600" or "700" or "800" or "900";
            bool oblique = Inherited(element, "font-style") is "italic" or "oblique";
            // Unhinted advances, as the layout uses: hinting rounds each glyph's advance to whole pixels.
            using var font = new SKFont(EmbeddedFonts.Face(bold, oblique), (float)FontSize(element)) { LinearMetrics = true, Subpixel = true };
            width += font.MeasureText(content);
        }
        return width;
    }

    /// <summary>An element's font size in pixels: its own (absolute or a percentage of its parent's) or inherited; 16 at the root.</summary>
    private static double FontSize(XElement? element)
    {
        if (element is null) return 16;
        string? size = (string?)element.Attribute("font-size");
        if (size is null) return FontSize(element.Parent);
        if (size.EndsWith('%'))
            return FontSize(element.Parent) * double.Parse(size[..^1], CultureInfo.InvariantCulture) / 100;
        return double.Parse(size.EndsWith("px", StringComparison.Ordinal) ? size[..^2] : size, CultureInfo.InvariantCulture);
    }

    private static string? Inherited(XElement? element, string attribute)
    {
        for (; element is not null; element = element.Parent)
            if ((string?)element.Attribute(attribute) is { } value) return value;
        return null;
    }
}
