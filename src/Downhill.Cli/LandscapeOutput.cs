using System.Globalization;
using System.Text.Json;
using Downhill.Analysis.Landscapes;
using Downhill.Constraints;
using Downhill.Running;
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

    /// <summary>
    /// The minima as a table; with the box the runs kept to, a column "on the box" names the bounds each minimum rests
    /// on (a minimum of the box, not a critical point of f), when any does.
    /// </summary>
    public static void MinimaTable(Io io, IReadOnlyList<string> variables, IReadOnlyList<FoundMinimum> minima, bool letters = false,
        Bounds? keptTo = null)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(letters ? "label" : "#");
        table.AddColumn($"({string.Join(", ", variables)})");
        table.AddColumn(new TableColumn("f").RightAligned());
        table.AddColumn(new TableColumn("starts").RightAligned());
        table.AddColumn(new TableColumn("basin share").RightAligned());
        var active = minima.Select(m => keptTo?.ActiveAt(m.X.ToArray()) ?? []).ToArray();
        bool onTheBox = active.Any(a => a.Count > 0);
        if (onTheBox) table.AddColumn("on the box");
        for (int k = 0; k < minima.Count; k++)
        {
            var m = minima[k];
            string[] cells =
            [
                letters ? Letter(k).ToString() : (k + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(RunReport.Point(m.X)), RunReport.Number(m.F), m.Count.ToString(CultureInfo.InvariantCulture),
                (m.Share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            ];
            table.AddRow(onTheBox ? [.. cells, Markup.Escape(active[k].Count == 0 ? "" : RunReport.ActiveBounds(active[k], variables))] : cells);
        }
        io.Console.Write(table);
    }

    /// <summary>"kept to the box [-2, 2]²" or why the runs were free, for a landscape command's heading.</summary>
    public static string BoxClause(Bounds? box, bool constrained, IMethod method, bool free) =>
        box is null ? "no box"
        : constrained ? $"each run kept to the box {box}"
        : free ? $"runs free of the box {box} (--free)"
        : $"runs free of the box {box} ({method.Name} cannot keep to one; lbfgsb and the first-order optimizers can)";

    /// <summary>"3 diverged, 20 stopped without converging, 4 left the box, 2 unbounded below", leaving out the kinds that did not occur except the first two.</summary>
    public static string Failures(int diverged, int unconverged, int leftBox, int unbounded) =>
        $"{diverged} diverged, {unconverged} stopped without converging" +
        (leftBox > 0 ? $", {leftBox} left the box" : "") + (unbounded > 0 ? $", {unbounded} unbounded below (f ≤ {RunReport.Number(RandomRestarts.UnboundedBelow)})" : "");

    /// <summary>A, B, …, Z, a, …, z, then '*' for the rest.</summary>
    public static char Letter(int k) => k < 26 ? (char)('A' + k) : k < 52 ? (char)('a' + k - 26) : '*';
}
