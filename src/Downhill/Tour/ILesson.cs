namespace Downhill.Tour;

/// <summary>
/// One lesson of the course: a claim, and an experiment that measures whether it holds. Lessons decide
/// <see cref="LessonEvidence.ClaimHolds"/> from their own numbers and never print a number they did not measure.
/// </summary>
public interface ILesson
{
    /// <summary>The lesson's number in the course.</summary>
    int Number { get; }
    /// <summary>The lesson's title.</summary>
    string Title { get; }
    /// <summary>What the lesson sets out to show, stated before any number is measured.</summary>
    string Claim { get; }
    /// <summary>Runs the lesson's experiments and returns what they showed.</summary>
    LessonEvidence Run(LessonContext context);
}

/// <summary>What one lesson's experiment measured, drew and concluded.</summary>
public sealed record LessonEvidence(
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<EvidenceTable> Tables,
    IReadOnlyList<ReportFigure> Figures,
    bool ClaimHolds,
    string Conclusion);
