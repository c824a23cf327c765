using System.Globalization;
using System.Text;

namespace Downhill;

/// <summary>
/// Text safe to show on a terminal: control characters (and invisible format characters such as bidirectional
/// overrides) written as escapes, so a message that quotes what a user typed can neither move the cursor, recolour
/// the terminal nor hide part of itself.
/// </summary>
public static class PrintableText
{
    /// <summary><paramref name="text"/> with each control or format character as <c>\n</c>, <c>\t</c>, <c>\r</c> or <c>\u001B</c>.</summary>
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape)) return text;
        var result = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (!NeedsEscape(c)) result.Append(c);
            else result.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => $"\\u{(int)c:X4}",
            });
        }
        return result.ToString();
    }

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
