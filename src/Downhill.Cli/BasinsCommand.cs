using Downhill.IO;
using System.CommandLine;
using System.Globalization;
using System.Text;
using Downhill.Analysis.Landscapes;
using Downhill.Optimizers;

namespace Downhill.Cli;

/// <summary><c>downhill basins</c>: a grid of starts over a 2-D box, each labelled with the minimum its run reaches.</summary>
internal static class BasinsCommand
{
    /// <summary>The widest character map printed with the table; larger grids are sampled.</summary>
    private const int MapColumns = 60;

    public static Command Create(Io io)
    {
        var command = new Command("basins", "Basins of attraction of a 2-D function for one method: which minimum each start on a grid reaches.");
        var function = new FunctionOptions();
        function.AddTo(command);
        var optimizer = LandscapeOptions.Optimizer();
        var grid = new Option<int>("--grid") { Description = "G: a G×G grid of starts over the box, ends included (default 100)", DefaultValueFactory = _ => 100 };
        var csv = new Option<bool>("--csv") { Description = "print the labels as CSV: a header of x values, then one row per y (its value first)" };
        var tolerance = LandscapeOptions.DistanceTolerance();
        var threads = LandscapeOptions.Threads();
        foreach (var option in new Option[] { optimizer, grid, csv, tolerance, threads }) command.Options.Add(option);
        var run = new RunOptionsBinder(keepToTheBox: true);
        run.AddTo(command);
        var plot = new PlotOption().AddTo(command);
        run.Json.Description = "print {\"minima\":[{\"x\":[…],\"f\":…,\"count\":…}],\"failed\":…,\"labels\":[[…],…]} (labels[j][i] for y[j], x[i]; −1 diverged, −2 not converged, −3 left the box, −4 unbounded below)";
        command.SetAction(result =>
        {
            var figure = plot.Read(result);
            LandscapeOptions.RejectStart(result, run, "basins starts from every point of the grid");
            var f = function.Resolve(result);
            if (f.Dimension != 2) throw new InputException($"basins maps functions of 2 variables; '{f.Name}' has {f.Dimension}");
            using var cancellation = new RunOptionsCancellation(io);
            var setup = run.Bind(result, f, cancellation.Token);
            var method = setup.Prepare(Methods.Parse(result.GetValue(optimizer)!));
            var box = LandscapeBox.From(result.GetValue(run.Bounds), f, "--bounds");
            var map = BasinMap.Compute(f.Objective, method, box, result.GetValue(grid), setup.Options,
                result.GetValue(tolerance), result.GetValue(threads), constrain: setup.Constrain);
            if (setup.Json && result.GetValue(csv)) throw new InputException("give --json or --csv, not both");
            if (setup.Json) WriteJson(io, setup, map);
            else if (result.GetValue(csv)) WriteCsv(io, map);
            else WriteTable(io, f.Name, method, f.Objective.Variables, map, result.GetValue(run.Constrain));
            figure?.Write(Plotting.BasinsFigure.Build($"{f.Name}: basins of {result.GetValue(optimizer)}", map,
                (f.Objective.Variables[0], f.Objective.Variables[1])), io, quiet: setup.Json || result.GetValue(csv));
            return Cli.Success;
        });
        return command;
    }

    private static void WriteJson(Io io, RunSetup setup, BasinMap map) =>
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("constrained", map.Constrained);
            JsonOutput.Clipping(w, setup.Clipping);
            LandscapeOutput.MinimaJson(w, map.Minima);
            w.WriteNumber("failed", map.Failed);
            w.WriteReals("x", map.XValues);
            w.WriteReals("y", map.YValues);
            w.WriteStartArray("labels");
            foreach (var row in map.Labels)
            {
                w.WriteStartArray();
                foreach (int label in row) w.WriteNumberValue(label);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    private static void WriteCsv(Io io, BasinMap map)
    {
        var text = new StringBuilder();
        text.Append("y\\x");
        foreach (double x in map.XValues) text.Append(',').Append(RoundTrip.Format(x));
        text.Append('\n');
        for (int j = 0; j < map.YValues.Count; j++)
        {
            text.Append(RoundTrip.Format(map.YValues[j]));
            foreach (int label in map.Labels[j]) text.Append(',').Append(label.ToString(CultureInfo.InvariantCulture));
            text.Append('\n');
        }
        io.Out.Write(text.ToString());
    }

    private static void WriteTable(Io io, string name, Downhill.Running.IMethod method, IReadOnlyList<string> variables, BasinMap map, bool free)
    {
        var box = new Constraints.Bounds([map.XValues[0], map.YValues[0]], [map.XValues[^1], map.YValues[^1]]);
        int g = map.XValues.Count;
        io.Out.WriteLine($"{name}, {method.Name} ({string.Join(", ", method.Hyperparameters)}): {g}×{g} starts over " +
                         $"[{RunReport.Number(map.XValues[0])}, {RunReport.Number(map.XValues[^1])}] × [{RunReport.Number(map.YValues[0])}, {RunReport.Number(map.YValues[^1])}]");
        io.Out.WriteLine(LandscapeOutput.BoxClause(box, map.Constrained, method, free));
        LandscapeOutput.MinimaTable(io, variables, map.Minima, letters: true, keptTo: map.Constrained ? box : null);
        io.Out.WriteLine($"failed: {map.Failed} (! diverged, . not converged, ^ left the box, _ unbounded below)");
        int stride = (g + MapColumns - 1) / MapColumns;
        var line = new StringBuilder();
        for (int j = g - 1; j >= 0; j -= stride)
        {
            line.Clear();
            for (int i = 0; i < g; i += stride)
            {
                int label = map.Labels[j][i];
                line.Append(label switch
                {
                    >= 0 => LandscapeOutput.Letter(label),
                    RestartReport.DivergedLabel => '!',
                    RestartReport.LeftBoxLabel => '^',
                    RestartReport.UnboundedLabel => '_',
                    _ => '.',
                });
            }
            io.Out.WriteLine(line.ToString());
        }
    }
}
