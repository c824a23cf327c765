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
        var json = new Option<bool>("--json")
        {
            Description = "print {\"functions\":[{\"name\",\"description\",\"formula\",\"dimension\",\"parameters\":[…],\"bounds\":[[low,high],…],\"knownPoints\":[…]}]} (any-N functions at n = 2)",
        };
        command.Options.Add(json);
        command.SetAction(result =>
        {
            if (result.GetValue(json))
            {
                WriteJson(io);
                return Cli.Success;
            }
            // Narrow terminals leave out the bounds, then the dimension.
            var table = new TerminalTable(
                [new("name"), new("formula", Folds: true), new("dim", Folds: true, DropRank: 2), new("bounds", DropRank: 1), new("known minimum", Folds: true)],
                TableBorder.Simple);
            foreach (var entry in Catalog.Entries)
            {
                var f = entry.Create();
                string dim = entry.Dimension is { } n ? n.ToString() : $"any ≥ {entry.MinimumDimension}";
                string name = entry.Parameters.Count == 0 ? entry.Name
                    : $"{entry.Name}:{string.Join(",", entry.Parameters.Select(p => $"{p.Name}={RoundTrip.Format(p.Default)}"))}";
                table.AddRow(name, entry.Formula, dim, Bounds(f.Bounds, entry.Dimension is null), Minimum(f.KnownPoints, entry.Dimension is null));
            }
            table.Write(io.Console);
            io.Console.WriteLine("Any-N functions are shown for n = 2; choose n with --dim. Settings: -f valley:kappa=50.");
            return Cli.Success;
        });
        return command;
    }

    private static void WriteJson(Io io) =>
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("functions");
            foreach (var entry in Catalog.Entries)
            {
                var f = entry.Create();
                w.WriteStartObject();
                w.WriteString("name", entry.Name);
                w.WriteString("description", entry.Description);
                w.WriteString("formula", entry.Formula);
                if (entry.Dimension is { } n) w.WriteNumber("dimension", n);
                else w.WriteNull("dimension");
                w.WriteNumber("minimumDimension", entry.MinimumDimension);
                w.WriteStartArray("parameters");
                foreach (var p in entry.Parameters)
                {
                    w.WriteStartObject();
                    w.WriteString("name", p.Name);
                    JsonOutput.Number(w, "default", p.Default);
                    w.WriteString("description", p.Description);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("bounds");
                foreach (var b in f.Bounds ?? [])
                {
                    w.WriteStartArray();
                    w.WriteReal(b.Low);
                    w.WriteReal(b.High);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                w.WriteStartArray("knownPoints");
                foreach (var p in f.KnownPoints)
                    JsonOutput.Point(w, p.X, p.F, more => more.WriteString("kind", KindName(p.Kind)));
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>The kind's name as <c>critical --json</c> writes it, with global and local minima told apart.</summary>
    internal static string KindName(PointKind kind) => kind switch
    {
        PointKind.GlobalMinimum => "global-minimum",
        PointKind.LocalMinimum => "local-minimum",
        PointKind.Maximum => "maximum",
        PointKind.Saddle => "saddle",
        _ => "degenerate",
    };

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
