using System.CommandLine;
using System.Globalization;
using Downhill.Analysis.Tuning;
using Downhill.Studies;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary>
/// <c>downhill study list|show|export|plot --storage …</c>: what a study storage holds, read while workers run or
/// after: every study; one study's trials (state, settings, score, metric per epoch, worker, times), refreshed with
/// --watch; the trials as CSV or JSON; the figure <c>tune --plot</c> draws.
/// </summary>
internal static class StudyCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("study", "Read the studies in a storage: list them, show one, export its trials, draw it.");
        command.Subcommands.Add(List(io));
        command.Subcommands.Add(Show(io));
        command.Subcommands.Add(Export(io));
        command.Subcommands.Add(Plot(io));
        return command;
    }

    private static (StudyOptions Options, Option<bool> Json) Common(Command command, bool json = true)
    {
        var options = new StudyOptions();
        options.Storage.Required = true;
        options.AddTo(command, working: false);
        var asJson = new Option<bool>("--json") { Description = "print JSON instead of tables" };
        if (json) command.Options.Add(asJson);
        return (options, asJson);
    }

    private static Command List(Io io)
    {
        var command = new Command("list", "Every study in the storage: trials ended of all, running, pruned, failed.");
        var (options, json) = Common(command);
        command.Options.Remove(options.Study);
        command.SetAction(result =>
        {
            using var storage = options.Open(result.GetValue(options.Storage)!);
            var studies = storage.List();
            if (result.GetValue(json))
            {
                JsonOutput.Write(io.Out, w =>
                {
                    w.WriteStartArray();
                    foreach (var s in studies)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", s.Name);
                        w.WriteNumber("trials", s.Trials);
                        w.WriteNumber("ended", s.Ended);
                        w.WriteNumber("running", s.Running);
                        w.WriteNumber("pruned", s.Pruned);
                        w.WriteNumber("failed", s.Failed);
                        w.WriteBoolean("done", s.Done);
                        w.WriteString("created", s.Created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                        w.WriteString("plan", s.Plan);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return Cli.Success;
            }
            if (studies.Count == 0)
            {
                io.Out.WriteLine($"{storage.Location} holds no study");
                return Cli.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            foreach (string column in new[] { "study", "ended", "running", "pruned", "failed", "state", "created (UTC)" }) table.AddColumn(column);
            foreach (var s in studies)
                table.AddRow(Markup.Escape(s.Name), $"{s.Ended} of {s.Trials}", $"{s.Running}", $"{s.Pruned}", $"{s.Failed}", s.Done ? "done" : "open",
                    s.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            io.Console.Write(table);
            return Cli.Success;
        });
        return command;
    }

    private static Command Show(Io io)
    {
        var command = new Command("show", "One study: its trials with state, settings, score, metric per epoch, worker and times, and its best.");
        var (options, json) = Common(command);
        var watch = new Option<bool>("--watch") { Description = "show it again every --interval seconds until the study is done (Ctrl+C stops)" };
        var interval = new Option<double>("--interval") { Description = "seconds between two --watch refreshes", DefaultValueFactory = _ => 2 };
        command.Options.Add(watch);
        command.Options.Add(interval);
        command.SetAction(result =>
        {
            double seconds = result.GetValue(interval);
            if (!(seconds >= 0.05 && seconds <= 3600)) throw new InputException($"--interval must be between 0.05 and 3600 seconds, not {seconds.ToString(CultureInfo.InvariantCulture)}");
            string name = options.Name(result);
            using var storage = options.Open(result.GetValue(options.Storage)!);
            using var cancellation = new RunOptionsCancellation(io);
            while (true)
            {
                var study = storage.Read(name);
                if (result.GetValue(json)) WriteJson(io, study);
                else WriteShow(io, study);
                if (!result.GetValue(watch) || study.Done) return Cli.Success;
                if (cancellation.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(seconds))) return Cli.Success;
            }
        });
        return command;
    }

    private static Command Export(Io io)
    {
        var command = new Command("export", "Write a study's trials to a file: .csv (one row per trial) or .json (everything).");
        var (options, _) = Common(command, json: false);
        var file = new Argument<string>("FILE") { Description = "the file to write: .csv or .json" };
        command.Arguments.Add(file);
        command.SetAction(result =>
        {
            string path = result.GetValue(file)!;
            string extension = Path.GetExtension(path).ToLowerInvariant();
            if (extension is not (".csv" or ".json")) throw new InputException($"FILE '{path}' must end in .csv or .json");
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is null || !Directory.Exists(folder)) throw new InputException($"FILE '{path}': folder '{folder}' does not exist");
            string name = options.Name(result);
            using var storage = options.Open(result.GetValue(options.Storage)!);
            var study = storage.Read(name);
            StudyExport.Write(study, path);
            io.Out.WriteLine($"wrote {path}: {study.Evaluations.Count} evaluations of study '{name}'");
            return Cli.Success;
        });
        return command;
    }

    private static Command Plot(Io io)
    {
        var command = new Command("plot", "Draw a study as tune --plot does: the best score so far, and each round's ranges and draws.");
        var (options, _) = Common(command, json: false);
        var plot = new PlotOption().AddTo(command, file: false);
        var file = new Argument<string>("FILE") { Description = "the figure file: .svg, .png, or .html (interactive)" };
        command.Arguments.Add(file);
        command.SetAction(result =>
        {
            var figure = plot.ReadRequired(result, result.GetValue(file)!, "FILE");
            string name = options.Name(result);
            using var storage = options.Open(result.GetValue(options.Storage)!);
            var study = storage.Read(name);
            var report = Report(study) ?? throw new InputException($"study '{name}' has no ended trial to draw yet");
            figure.Write(Plotting.TuningFigure.Build($"study {name}", report), io);
            return Cli.Success;
        });
        return command;
    }

    private static TuneReport? Report(StudySnapshot study) =>
        NarrowingSearch.Report(study.RoundRanges, study.Ended, study.Definition.Options, 0, study.Ended.Count);

    private static void WriteShow(Io io, StudySnapshot study)
    {
        var d = study.Definition;
        int ended = study.Ended.Count(t => t.Request.Rung == 0), running = study.Evaluations.Count(t => t.State == TrialState.Running);
        io.Out.WriteLine($"study '{d.Name}' ({(study.Done ? "done" : "open")}, {DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC): " +
                         $"{ended} of {d.Options.TotalTrials} trials ended, {running} running, {study.Losses.Count} lost to dead workers");
        io.Out.WriteLine($"plan: {d.Plan}");
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("#").RightAligned());
        table.AddColumn("state");
        foreach (var range in d.Ranges) table.AddColumn(new TableColumn(Markup.Escape(range.Name)).RightAligned());
        table.AddColumn(new TableColumn("score").RightAligned());
        table.AddColumn("epochs");
        table.AddColumn("worker");
        table.AddColumn(new TableColumn("s").RightAligned());
        foreach (var t in study.Evaluations)
        {
            bool over = t.State is TrialState.Finished or TrialState.Pruned or TrialState.Failed;
            var cells = new List<string> { $"{t.Request.Number}{(t.Request.Rung > 0 ? $".{t.Request.Rung}" : "")}", StudyExport.Name(t.State) };
            cells.AddRange(d.Ranges.Select(r => t.Settings.FirstOrDefault(s => s.Name == r.Name) is { } s ? s.Choice ?? RunReport.Number(s.Value) : ""));
            cells.Add(over ? RunReport.Number(t.Score) : "");
            cells.Add(string.Join(" ", t.Reports.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))));
            cells.Add(t.Worker ?? "");
            cells.Add(over ? t.Seconds.ToString("0.00", CultureInfo.InvariantCulture) : "");
            table.AddRow(cells.Select(Markup.Escape).ToArray());
        }
        io.Console.Write(table);
        if (Report(study) is { } report)
            io.Out.WriteLine($"best: {string.Join(", ", report.Best.Settings.Select(s => $"{s.Name}={s.Choice ?? RunReport.Number(s.Value)}"))} " +
                             $"(score {RunReport.Number(report.Best.Score)}, trial {report.Best.Request.Number})");
    }

    private static void WriteJson(Io io, StudySnapshot study)
    {
        using var stream = new MemoryStream();
        StudyExport.Json(study, stream, indented: false);
        io.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
