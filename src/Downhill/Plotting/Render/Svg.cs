using System.Globalization;
using System.Text;

namespace Downhill.Plotting;

/// <summary>
/// Writes SVG text: coordinates rounded to 0.01 px in invariant culture (so the same figure gives the same bytes
/// on every machine), text escaped for XML.
/// </summary>
internal sealed class Svg
{
    private readonly StringBuilder _text = new();

    /// <summary>A coordinate: at most two decimals, no trailing zeros, never "−0".</summary>
    public static string N(double value)
    {
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        if (rounded == 0) return "0";
        return rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>A data value for the interactive page: six significant digits, invariant culture.</summary>
    public static string N6(double value) =>
        value == 0 ? "0" : value.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>Text made safe for element content and attribute values.</summary>
    public static string Escape(string value) =>
        value.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>Appends raw markup (already escaped).</summary>
    public Svg Raw(string markup)
    {
        _text.Append(markup);
        return this;
    }

    /// <summary>Appends a line of raw markup.</summary>
    public Svg Line(string markup)
    {
        _text.Append(markup).Append('\n');
        return this;
    }

    /// <summary>
    /// A text element at (x, y). A power-of-ten tick label "10^k" is written as 10 with a raised, smaller k;
    /// <paramref name="attributes"/> is raw attribute markup (anchor, size, transform).
    /// </summary>
    public Svg Text(double x, double y, string content, string attributes)
    {
        _text.Append("<text x=\"").Append(N(x)).Append("\" y=\"").Append(N(y)).Append('"');
        if (attributes.Length > 0) _text.Append(' ').Append(attributes);
        _text.Append('>');
        int caret = PowerCaret(content);
        if (caret > 0)
            _text.Append(Escape(content[..caret]))
                .Append("<tspan dy=\"-0.45em\" font-size=\"75%\">").Append(Escape(content[(caret + 1)..])).Append("</tspan>");
        else
            _text.Append(Escape(content));
        _text.Append("</text>\n");
        return this;
    }

    /// <summary>Where the caret of a "10^k" label is (k an integer, perhaps negative), or −1 for any other text.</summary>
    public static int PowerCaret(string content)
    {
        if (!content.StartsWith("10^", StringComparison.Ordinal) || content.Length < 4) return -1;
        string exponent = content[3..].TrimStart('\u2212', '-');
        return exponent.Length > 0 && exponent.All(char.IsAsciiDigit) ? 2 : -1;
    }

    /// <summary>A path "M x y L x y …" through pixel points, closed with Z when asked.</summary>
    public static string PathData(IEnumerable<(double X, double Y)> points, bool close)
    {
        var d = new StringBuilder();
        bool first = true;
        foreach (var (x, y) in points)
        {
            d.Append(first ? "M" : "L").Append(N(x)).Append(' ').Append(N(y));
            first = false;
        }
        if (close) d.Append('Z');
        return d.ToString();
    }

    /// <summary>
    /// A closed polygon through pixel points in the shortest path syntax, for the thousands of pieces of contour bands:
    /// the first point absolute, then each as a step from the one before (<c>h</c> and <c>v</c> along an axis, else
    /// <c>l</c>), numbers without a leading zero. Steps are differences of points already rounded to 0.01 px, so the
    /// rounding does not accumulate along the outline: every vertex lands where <see cref="PathData"/> puts it.
    /// </summary>
    public static void AppendPolygon(StringBuilder d, IEnumerable<(double X, double Y)> points)
    {
        bool first = true;
        double px = 0, py = 0;
        foreach (var (x, y) in points)
        {
            double rx = Math.Round(x, 2, MidpointRounding.AwayFromZero), ry = Math.Round(y, 2, MidpointRounding.AwayFromZero);
            if (first)
            {
                d.Append('M').Append(N(rx)).Append(' ').Append(N(ry));
                first = false;
            }
            else
            {
                string dx = Short(rx - px), dy = Short(ry - py);
                if (dx == "0" && dy == "0") continue;
                if (dy == "0") d.Append('h').Append(dx);
                else if (dx == "0") d.Append('v').Append(dy);
                else d.Append('l').Append(dx).Append(dy[0] == '-' ? "" : " ").Append(dy);
            }
            (px, py) = (rx, ry);
        }
        if (!first) d.Append('Z');
    }

    /// <summary><see cref="N"/> without the leading zero of a number between −1 and 1 (".5", "-.25").</summary>
    private static string Short(double value)
    {
        string text = N(value);
        return text.StartsWith("0.", StringComparison.Ordinal) ? text[1..]
            : text.StartsWith("-0.", StringComparison.Ordinal) ? "-" + text[2..]
            : text;
    }

    public override string ToString() => _text.ToString();
}

/// <summary>
/// Text widths estimated from character classes of DejaVu Sans (the font the renderers fall back to), so that
/// layout can keep labels apart without a font engine. Estimates err wide.
/// </summary>
internal static class TextWidth
{
    public static double Of(string text, double size)
    {
        double em = 0;
        int caret = Svg.PowerCaret(text);
        string body = caret > 0 ? text[..caret] : text;
        foreach (char c in body) em += Em(c);
        if (caret > 0)
            foreach (char c in text[(caret + 1)..]) em += 0.75 * Em(c);
        return em * size;
    }

    // Advance widths of DejaVu Sans in em (its units per em are 2048).
    private static double Em(char c) => c switch
    {
        ' ' or '.' or ',' or ':' or ';' or '\'' or '!' or '|' => 0.33,
        'i' or 'j' or 'l' => 0.28,
        'f' or 't' or '(' or ')' or '[' or ']' or '-' or '′' => 0.4,
        'r' => 0.42,
        'm' => 0.98,
        'w' => 0.82,
        'c' or 's' or 'z' => 0.55,
        'k' or 'v' or 'x' or 'y' => 0.6,
        '=' or '+' or '<' or '>' or '≈' or '×' or '\u2212' or '∇' or '∞' => 0.84,
        'M' or 'W' => 0.95,
        >= 'A' and <= 'Z' => 0.74,
        _ => 0.64,
    };
}
