using System.Text.Json;
using Downhill.IO;
using Downhill.Analysis.Tuning;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary>A tuning study's result as a table or as JSON: what <c>tune</c> and <c>study show</c> print.</summary>
internal static class TuneOutput
{
    /// <summary>The study's result as JSON; with the <paramref name="setup"/> of function trials also their box and clipping.</summary>
    public static void WriteJson(Io io, TuneReport report, RunSetup? setup = null) =>
        JsonOutput.Write(io.Out, w =>
        {
            w.WriteStartObject();
            if (setup is not null) JsonOutput.BoxAndClipping(w, setup);
            w.WriteStartObject("best");
            Settings(w, "hyperparameters", report.Best.Settings);
            JsonOutput.Number(w, "score", report.Best.Score);
            w.WriteNumber("number", report.Best.Request.Number);
            w.WriteEndObject();
            w.WriteNumber("trials", report.Trials);
            w.WriteStartArray("rounds");
            foreach (var round in report.Rounds)
            {
                w.WriteStartObject();
                w.WriteStartObject("ranges");
                foreach (var range in round.Ranges)
                {
                    w.WriteStartArray(range.Name);
                    if (range.IsChoice)
                        foreach (string choice in range.Choices) w.WriteStringValue(choice);
                    else
                    {
                        w.WriteReal(range.Low);
                        w.WriteReal(range.High);
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteStartArray("trials");
                foreach (var trial in round.Trials) Trial(w, trial);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary><c>{"key":value,…}</c>: numbers as numbers, choices as strings.</summary>
    public static void Settings(Utf8JsonWriter w, string name, IEnumerable<Setting> settings)
    {
        w.WriteStartObject(name);
        foreach (var s in settings)
        {
            if (s.Choice is null) JsonOutput.Number(w, s.Name, s.Value);
            else w.WriteString(s.Name, s.Choice);
        }
        w.WriteEndObject();
    }

    public static void Trial(Utf8JsonWriter w, Trial trial)
    {
        w.WriteStartObject();
        w.WriteNumber("number", trial.Request.Number);
        Settings(w, "hyperparameters", trial.Settings);
        JsonOutput.Number(w, "score", trial.Score);
        w.WriteString("stop", trial.Outcome.Stop);
        w.WriteString("state", trial.State.ToString().ToLowerInvariant());
        JsonOutput.Number(w, "budget", trial.Request.BudgetShare);
        if (trial.Reports.Count > 0) w.WriteReals("epochs", trial.Reports);
        w.WriteEndObject();
    }

    public static void WriteTable(Io io, string title, TuneReport report, RunSetup? setup = null)
    {
        io.Out.WriteLine($"{title}: {report.Trials} trials in {report.Rounds.Count} rounds");
        if (setup is not null) RunReport.BoxAndClipping(io.Console, setup);
        for (int r = 0; r < report.Rounds.Count; r++)
        {
            var round = report.Rounds[r];
            io.Out.WriteLine($"round {r + 1}: {string.Join("  ", round.Ranges.Select(Describe))}");
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var range in round.Ranges) table.AddColumn(new TableColumn(Markup.Escape(range.Name)).RightAligned());
            table.AddColumn(new TableColumn("score").RightAligned());
            table.AddColumn("stop");
            foreach (var t in round.Trials.Order(Analysis.Tuning.Trial.Ranking(report.Maximize)).Take(5))
                table.AddRow(t.Settings.Select(Text).Append(RunReport.Number(t.Score)).Append(t.Outcome.Stop).Select(Markup.Escape).ToArray());
            io.Console.Write(table);
        }
        int pruned = report.Rounds.Sum(r => r.Trials.Count(t => t.State == TrialState.Pruned));
        int failed = report.Rounds.Sum(r => r.Trials.Count(t => t.State == TrialState.Failed));
        if (pruned + failed > 0) io.Out.WriteLine($"pruned {pruned}, failed {failed} of {report.Trials} trials");
        io.Out.WriteLine($"best: {string.Join(", ", report.Best.Settings.Select(s => $"{s.Name}={Text(s)}"))} " +
                         $"(score {RunReport.Number(report.Best.Score)}, round {report.Best.Request.Round + 1}, trial {report.Best.Request.Number})");
    }

    private static string Text(Setting s) => s.Choice ?? RunReport.Number(s.Value);

    private static string Describe(SearchRange x) => x.IsChoice
        ? $"{x.Name} ∈ {{{string.Join(", ", x.Choices)}}}"
        : $"{x.Name} ∈ [{RunReport.Number(x.Low)}, {RunReport.Number(x.High)}]{(x.Scale == RangeScale.Log ? " (log)" : "")}{(x.IsInteger ? " (whole)" : "")}";
}
