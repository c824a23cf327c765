namespace Downhill.Tour;

/// <summary>One measured fact a lesson shows as its evidence: a label and the value that run measured.</summary>
public sealed record Measurement(string Label, string Value);

/// <summary>A small table of measured rows (a sweep, a race), rendered in both report formats.</summary>
public sealed record EvidenceTable(string Caption, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A figure a lesson wrote: file names relative to the report folder, and what it shows.</summary>
public sealed record ReportFigure(string Caption, string Svg, string Html);

/// <summary>
/// What one lesson found when it ran: the evidence it measured, its figures, and whether the evidence bears out the
/// claim. A lesson whose evidence contradicts its claim says so in <see cref="Conclusion"/> rather than hiding it.
/// </summary>
public sealed record LessonOutcome
{
    /// <summary>The lesson's number.</summary>
    public required int Number { get; init; }
    /// <summary>The lesson's title.</summary>
    public required string Title { get; init; }
    /// <summary>What the lesson claims.</summary>
    public required string Claim { get; init; }
    /// <summary>The measured numbers behind the claim.</summary>
    public required IReadOnlyList<Measurement> Measurements { get; init; }
    /// <summary>Tables of evidence.</summary>
    public IReadOnlyList<EvidenceTable> Tables { get; init; } = [];
    /// <summary>Figures drawn.</summary>
    public IReadOnlyList<ReportFigure> Figures { get; init; } = [];
    /// <summary>True when the measured evidence supports the claim.</summary>
    public required bool ClaimHolds { get; init; }
    /// <summary>The conclusion drawn from this run's numbers.</summary>
    public required string Conclusion { get; init; }
    /// <summary>How long the lesson took.</summary>
    public required TimeSpan Elapsed { get; init; }
    /// <summary>The experiment as the playground's state, where the lesson's runs fit it; null otherwise.</summary>
    public PlaygroundState? Playground { get; init; }
    /// <summary>What of the experiment the playground does not show (a network's training, many dimensions), where something; else null.</summary>
    public string? NotInPlayground { get; init; }
}
