using System.Globalization;
using System.Text.Json;
using Downhill.Analysis.Landscapes;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary>How found minima are printed, by restarts and basins alike.</summary>
internal static class LandscapeOutput
{
    /// <summary><c>"minima":[{"x":[…],"f":…,"count":…,"share":…}]</c>.</summary>
    public static void MinimaJson(Utf8JsonWriter w, IReadOnlyList<FoundMinimum> minima)
    {
        w.WriteStartArray("minima");
        foreach (var m in minima)
            JsonOutput.Point(w, m.X, m.F, more =>
            {
                more.WriteNumber("count", m.Count);
                JsonOutput.Number(more, "share", m.Share);
            });
        w.WriteEndArray();
    }

    public static void MinimaTable(Io io, IReadOnlyList<string> variables, IReadOnlyList<FoundMinimum> minima, bool letters = false)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(letters ? "label" : "#");
        table.AddColumn($"({string.Join(", ", variables)})");
        table.AddColumn(new TableColumn("f").RightAligned());
        table.AddColumn(new TableColumn("starts").RightAligned());
        table.AddColumn(new TableColumn("basin share").RightAligned());
        for (int k = 0; k < minima.Count; k++)
        {
            var m = minima[k];
            table.AddRow(letters ? Letter(k).ToString() : (k + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(RunReport.Point(m.X)), RunReport.Number(m.F), m.Count.ToString(CultureInfo.InvariantCulture),
                (m.Share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%");
        }
        io.Console.Write(table);
    }

    /// <summary>A, B, …, Z, a, …, z, then '*' for the rest.</summary>
    public static char Letter(int k) => k < 26 ? (char)('A' + k) : k < 52 ? (char)('a' + k - 26) : '*';
}
