namespace Downhill.Tour;

/// <summary>How the tour runs: where it writes, which lessons, how big the experiments are, and the seed.</summary>
public sealed record TourOptions
{
    /// <summary>The folder that receives report.html, report.md and figures/.</summary>
    public string OutputDirectory { get; init; } = "tour";

    /// <summary>Smaller experiments (fewer starts, epochs, dimensions, trials): the same sections and figures in seconds.</summary>
    public bool Quick { get; init; }

    /// <summary>The lesson numbers to run (1 to <see cref="Course.LessonCount"/>); null or empty runs them all.</summary>
    public IReadOnlyList<int>? Only { get; init; }

    /// <summary>Every random choice of every lesson is drawn from streams keyed by this seed.</summary>
    public long Seed { get; init; } = 1;
}
