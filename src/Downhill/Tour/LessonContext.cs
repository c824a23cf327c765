using System.Globalization;
using Downhill.Plotting;

namespace Downhill.Tour;

/// <summary>What a lesson runs with: the size of its experiments, its seed, and where its figures go.</summary>
public sealed class LessonContext
{
    private readonly string _figureDirectory;
    private readonly int _lesson;

    internal LessonContext(int lesson, bool quick, long seed, string figureDirectory)
    {
        _lesson = lesson;
        Quick = quick;
        Seed = seed;
        _figureDirectory = figureDirectory;
    }

    /// <summary>Whether to run a lighter version (tests).</summary>
    public bool Quick { get; }

    /// <summary>The tour's seed; lessons key their streams by it (and by their own constants).</summary>
    public long Seed { get; }

    /// <summary><paramref name="full"/> in the full tour, <paramref name="quick"/> in quick mode.</summary>
    public T Size<T>(T full, T quick) => Quick ? quick : full;

    /// <summary>The experiment the report links to in the playground, once a lesson names its runs.</summary>
    internal PlaygroundState? Link { get; private set; }

    /// <summary>Names the runs the report's "try it in the playground" link reproduces (those sharing the first one's start).</summary>
    public void Playground(IReadOnlyList<Running.RunResult> runs) => Link ??= PlaygroundLink.From(runs);

    /// <summary>Names the playground's state the report's "try it in the playground" link opens.</summary>
    public void Playground(PlaygroundState state) => Link ??= state;

    /// <summary>What of the lesson's experiment the playground does not show, where a lesson says so.</summary>
    internal string? NotInPlayground { get; private set; }

    /// <summary>Says what of this lesson's experiment the playground cannot show: the report prints it after the link.</summary>
    public void PlaygroundCannotShow(string what) => NotInPlayground ??= what;

    /// <summary>Writes <paramref name="figure"/> as figures/lessonNN-<paramref name="name"/>.svg and .html.</summary>
    public ReportFigure Draw(string name, string caption, Figure figure)
    {
        string stem = string.Create(CultureInfo.InvariantCulture, $"lesson{_lesson:00}-{name}");
        FigureFile.Write(figure, Path.Combine(_figureDirectory, stem + ".svg"));
        FigureFile.Write(figure, Path.Combine(_figureDirectory, stem + ".html"));
        return new ReportFigure(caption, $"{Course.FigureFolder}/{stem}.svg", $"{Course.FigureFolder}/{stem}.html");
    }
}
