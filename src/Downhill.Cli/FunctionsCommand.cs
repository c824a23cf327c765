using Downhill.IO;
using System.CommandLine;
using Downhill.Functions;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary><c>downhill functions</c>: the catalog as a table.</summary>
internal static class FunctionsCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("functions", "The catalog of named functions: formula, dimension, bounds, known minimum.");
        command.SetAction(_ =>
        {
            var table = new Table().Border(TableBorder.Simple)
                .AddColumns("name", "formula", "dim", "bounds", "known minimum");
            foreach (var entry in Catalog.Entries)
            {
                var f = entry.Create();
                string dim = entry.Dimension is { } n ? n.ToString() : $"any ≥ {entry.MinimumDimension}";
                string name = entry.Parameters.Count == 0 ? entry.Name
                    : $"{entry.Name}:{string.Join(",", entry.Parameters.Select(p => $"{p.Name}={RoundTrip.Format(p.Default)}"))}";
                table.AddRow(Markup.Escape(name), Markup.Escape(entry.Formula), dim,
                    Markup.Escape(Bounds(f.Bounds, entry.Dimension is null)), Markup.Escape(Minimum(f.KnownPoints, entry.Dimension is null)));
            }
            io.Console.Write(table);
            io.Out.WriteLine("Any-N functions are shown for n = 2; choose n with --dim. Settings: -f valley:kappa=50.");
            return Cli.Success;
        });
        return command;
    }

    private static string Bounds(IReadOnlyList<Interval>? bounds, bool anyN)
    {
        if (bounds is null || bounds.Count == 0) return "";
        string Range(Interval i) => $"[{RoundTrip.Format(i.Low)}, {RoundTrip.Format(i.High)}]";
        if (bounds.All(b => b == bounds[0]))
            return Range(bounds[0]) + (anyN ? "ⁿ" : bounds.Count == 2 ? "²" : "");
        return string.Join("×", bounds.Select(Range));
    }

    private static string Minimum(IReadOnlyList<KnownPoint> points, bool anyN)
    {
        var global = points.Where(p => p.Kind == PointKind.GlobalMinimum).ToList();
        if (global.Count == 0) return "none";
        var first = global[0];
        string at = anyN && first.X.Distinct().Count() == 1
            ? $"({RoundTrip.Format(Math.Round(first.X[0], 4))}, …)"
            : $"({string.Join(", ", first.X.Select(v => RoundTrip.Format(Math.Round(v, 4))))})";
        string more = global.Count > 1 ? $" and {global.Count - 1} more" : "";
        return $"{RoundTrip.Format(Math.Round(first.F, 4))} at {at}{more}";
    }
}
