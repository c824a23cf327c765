using System.CommandLine;
using System.Globalization;
using Downhill.Analysis;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary><c>downhill experiment saddles|restarts</c>: the course's two landscape experiments, measured.</summary>
internal static class ExperimentCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("experiment", "The course's landscape experiments: saddles (minima grow rare with dimension), restarts (chance of the global minimum).");
        command.Subcommands.Add(Saddles(io));
        return command;
    }

    private static Command Saddles(Io io)
    {
        var dimensions = new Option<string>("--dims") { Description = "dimensions to try, comma-separated (default 1,2,3,4,5,6)", DefaultValueFactory = _ => "1,2,3,4,5,6" };
        var functions = new Option<int>("--functions") { Description = "random functions per dimension (default 3)", DefaultValueFactory = _ => 3 };
        var terms = new Option<int>("--terms") { Description = "cosine terms per function (default 24)", DefaultValueFactory = _ => 24 };
        var starts = new Option<int>("--starts") { Description = "root-finder starts per function (default 300)", DefaultValueFactory = _ => 300 };
        var seed = new Option<long>("--seed") { Description = "seed of the functions and the starts (default 0)" };
        var threads = new Option<int>("--threads") { Description = "at most this many threads (default: all cores; the result does not depend on it)" };
        var json = new Option<bool>("--json") { Description = "print {\"rows\":[{\"dimension\":…,\"criticalPoints\":…,\"minimumShare\":…,\"saddleShare\":…,\"maximumShare\":…}]}" };
        var command = new Command("saddles", "Critical points of random smooth functions (sums of random cosines) by dimension: the share of minima falls, of saddles rises.");
        foreach (var option in new Option[] { dimensions, functions, terms, starts, seed, threads, json }) command.Options.Add(option);
        command.SetAction(result =>
        {
            var dims = CliValues.ParseVector(result.GetValue(dimensions)!, "--dims")
                .Select(d => d == Math.Floor(d) && d >= 1 && d <= 20 ? (int)d : throw new InputException($"--dims: {d} is not a whole number from 1 to 20"))
                .ToArray();
            if (result.GetValue(terms) < 1) throw new InputException($"--terms must be at least 1, not {result.GetValue(terms)}");
            if (result.GetValue(starts) < 1) throw new InputException($"--starts must be at least 1, not {result.GetValue(starts)}");
            var rows = SaddleExperiment.Run(new SaddleExperimentOptions
            {
                Dimensions = dims,
                FunctionsPerDimension = result.GetValue(functions),
                Terms = result.GetValue(terms),
                Starts = result.GetValue(starts),
                Seed = result.GetValue(seed),
                Threads = result.GetValue(threads),
            });
            if (result.GetValue(json))
            {
                JsonOutput.Write(io.Out, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("rows");
                    foreach (var row in rows)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("dimension", row.Dimension);
                        w.WriteNumber("functions", row.Functions);
                        w.WriteNumber("criticalPoints", row.CriticalPoints);
                        JsonOutput.Number(w, "minimumShare", row.MinimumShare);
                        JsonOutput.Number(w, "saddleShare", row.SaddleShare);
                        JsonOutput.Number(w, "maximumShare", row.MaximumShare);
                        JsonOutput.Number(w, "degenerateShare", row.DegenerateShare);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return Cli.Success;
            }
            var table = new Table().AddColumns("dimension", "critical points", "minima", "saddles", "maxima");
            foreach (var row in rows)
                table.AddRow(row.Dimension.ToString(CultureInfo.InvariantCulture), row.CriticalPoints.ToString(CultureInfo.InvariantCulture),
                    Percent(row.MinimumShare), Percent(row.SaddleShare), Percent(row.MaximumShare));
            io.Console.Write(table);
            io.Out.WriteLine(SaddleConclusion(rows));
            return Cli.Success;
        });
        return command;
    }

    /// <summary>The conclusion, in words, from the measured rows.</summary>
    internal static string SaddleConclusion(IReadOnlyList<SaddleRow> rows)
    {
        var first = rows[0];
        var last = rows[^1];
        string trend = last.MinimumShare < first.MinimumShare && last.SaddleShare > first.SaddleShare
            ? "minima grow rare and saddles take over as the dimension rises"
            : "this run does not show minima growing rarer with dimension (try more starts or functions)";
        return $"From {first.Dimension} to {last.Dimension} dimensions the share of minima went from {Percent(first.MinimumShare)} " +
               $"to {Percent(last.MinimumShare)} and of saddles from {Percent(first.SaddleShare)} to {Percent(last.SaddleShare)}: {trend}. " +
               "A critical point is a minimum only if all n Hessian eigenvalues are positive; with random signs that is about 1 in 2ⁿ.";
    }

    internal static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
