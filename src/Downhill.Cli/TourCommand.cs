using System.CommandLine;
using System.Globalization;
using Downhill.Tour;

namespace Downhill.Cli;

/// <summary><c>downhill tour</c>: the whole course, run and drawn into one report, with a line per lesson as it finishes.</summary>
internal static class TourCommand
{
    public static Command Create(Io io)
    {
        var output = new Option<string>("--out", "-o") { Description = "the folder for report.html, report.md and figures/ (default ./tour)", DefaultValueFactory = _ => "tour" };
        var only = new Option<string?>("--only") { Description = $"run only these lessons, e.g. 1,4 (1 to {Course.LessonCount})" };
        var quick = new Option<bool>("--quick") { Description = "smaller experiments: the same sections and figures in seconds" };
        var seed = SeedOption.Create("seed of every random choice", fallback: 1);
        var command = new Command("tour", "The whole course, run and drawn: every lesson states a claim, runs the experiment and reports what it measured.");
        foreach (var option in new Option[] { output, only, quick, seed }) command.Options.Add(option);
        command.SetAction(result =>
        {
            var options = new TourOptions
            {
                OutputDirectory = result.GetValue(output)!,
                Quick = result.GetValue(quick),
                Only = result.GetValue(only) is { } text ? ParseLessons(text) : null,
                Seed = result.GetValue(seed),
            };
            OutputPaths.CheckFolderToFill(options.OutputDirectory, output.Name);
            var selected = Course.Select(options.Only);
            io.Out.WriteLine($"Running {selected.Count} lesson{(selected.Count == 1 ? "" : "s")}{(options.Quick ? " (quick)" : "")}; the report goes to {options.OutputDirectory}/");
            var report = Course.Run(options, new LessonPrinter(io.Out));
            int holds = report.Lessons.Count(l => l.ClaimHolds);
            io.Out.WriteLine();
            io.Out.WriteLine($"{report.Lessons.Count} lesson{(report.Lessons.Count == 1 ? "" : "s")} in {Seconds(report.Elapsed)}: {holds} claim{(holds == 1 ? "" : "s")} borne out, " +
                             $"{report.Lessons.Count - holds} contradicted by this run.");
            foreach (var lesson in report.Lessons.Where(l => !l.ClaimHolds))
                io.Out.WriteLine($"  lesson {lesson.Number}: {lesson.Conclusion}");
            io.Out.WriteLine($"Report: {Course.ReportPath(options, "html")} (and {Course.ReportPath(options, "md")})");
            return Cli.Success;
        });
        return command;
    }

    /// <summary>"1,4" → [1, 4]; each entry must be a whole number (the range is checked by the course).</summary>
    private static int[] ParseLessons(string text) =>
        CliValues.ParseVector(text, "--only")
            .Select(v => v == Math.Floor(v) && Math.Abs(v) < int.MaxValue ? (int)v
                : throw new InputException($"--only: {v.ToString(CultureInfo.InvariantCulture)} is not a lesson number"))
            .ToArray();

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>Prints a line per lesson on the tour's own thread as it finishes (Progress&lt;T&gt; would post it elsewhere).</summary>
    private sealed class LessonPrinter(TextWriter writer) : IProgress<LessonOutcome>
    {
        public void Report(LessonOutcome value) =>
            writer.WriteLine($"{value.Number,3}. {value.Title,-40} {(value.ClaimHolds ? "borne out  " : "CONTRADICTED")} {Seconds(value.Elapsed),8}");
    }
}
