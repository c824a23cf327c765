using System.Diagnostics;
using Downhill.IO;
using Downhill.Tour.Lessons;

namespace Downhill.Tour;

/// <summary>
/// The whole course, run and drawn: each lesson states its claim, runs the experiment that tests it, and reports what
/// it measured; the report (report.html, report.md and figures/) goes to <see cref="TourOptions.OutputDirectory"/>.
/// </summary>
public static class Course
{
    /// <summary>The folder, inside the output directory, that holds the figures.</summary>
    public const string FigureFolder = "figures";

    /// <summary>Every lesson, in course order.</summary>
    public static IReadOnlyList<ILesson> Lessons { get; } =
    [
        new Lesson01GradientDescent(),
        new Lesson02LearningRate(),
        new Lesson03StoppingRules(),
        new Lesson04LocalAndGlobal(),
        new Lesson05Saddles(),
        new Lesson06VanishingAndExplodingGradients(),
        new Lesson07IllConditionedValley(),
        new Lesson08OptimizerRace(),
        new Lesson09EmpiricalRisk(),
        new Lesson10NarrowingSearch(),
        new Lesson11ManyDimensions(),
        new Lesson12NetworkLandscape(),
    ];

    /// <summary>How many lessons the course has.</summary>
    public static int LessonCount => Lessons.Count;

    /// <summary>
    /// Runs the selected lessons in order, telling <paramref name="progress"/> as each finishes, then writes the report.
    /// </summary>
    /// <exception cref="InputException">A lesson number out of range, or an output folder that cannot be written.</exception>
    public static TourReport Run(TourOptions options, IProgress<LessonOutcome>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var selected = Select(options.Only);
        string figures = Path.Combine(options.OutputDirectory, FigureFolder);
        CreateDirectory(figures);

        var clock = Stopwatch.StartNew();
        var outcomes = new List<LessonOutcome>();
        foreach (var lesson in selected)
        {
            var lessonClock = Stopwatch.StartNew();
            var context = new LessonContext(lesson.Number, options.Quick, options.Seed, figures);
            var evidence = lesson.Run(context);
            var outcome = new LessonOutcome
            {
                Number = lesson.Number,
                Title = lesson.Title,
                Claim = lesson.Claim,
                Measurements = evidence.Measurements,
                Tables = evidence.Tables,
                Figures = evidence.Figures,
                ClaimHolds = evidence.ClaimHolds,
                Conclusion = evidence.Conclusion,
                Elapsed = lessonClock.Elapsed,
                Playground = context.Link,
                NotInPlayground = context.NotInPlayground,
            };
            outcomes.Add(outcome);
            progress?.Report(outcome);
        }
        var report = new TourReport(outcomes, options.Quick, options.Seed, clock.Elapsed);
        AtomicFile.WriteText(ReportPath(options, "md"), report.ToMarkdown());
        AtomicFile.WriteText(ReportPath(options, "html"), report.ToHtml());
        return report;
    }

    /// <summary>Where the report in format <paramref name="extension"/> ("html" or "md") is written.</summary>
    public static string ReportPath(TourOptions options, string extension) => Path.Combine(options.OutputDirectory, $"report.{extension}");

    /// <summary>The lessons numbered in <paramref name="only"/> (all when null or empty), in course order.</summary>
    public static IReadOnlyList<ILesson> Select(IReadOnlyList<int>? only)
    {
        if (only is null || only.Count == 0) return Lessons;
        foreach (int number in only)
            if (number < 1 || number > LessonCount)
                throw new InputException($"{new ParameterName("lessons")}: there is no lesson {number}; the lessons are numbered 1 to {LessonCount}");
        return Lessons.Where(l => only.Contains(l.Number)).ToList();
    }

    private static void CreateDirectory(string path)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot create the report folder '{path}': {e.Message}");
        }
    }
}
