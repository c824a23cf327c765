using Downhill.Tour;

namespace Downhill.Tests.Tour;

public sealed class TourReportTests
{
    private static LessonOutcome Outcome(int number, bool holds) => new()
    {
        Number = number,
        Title = $"Lesson <{number}>",
        Claim = "a claim & more",
        Measurements = [new Measurement("x", "0.5")],
        Tables = [new EvidenceTable("caption", ["a|b", "c"], [["1", "2|3"]])],
        Figures = [new ReportFigure("a figure", "figures/a.svg", "figures/a.html")],
        ClaimHolds = holds,
        Conclusion = holds ? "it held" : "it did not",
        Elapsed = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public void A_contradicted_lesson_says_so_in_both_formats_and_in_the_summary()
    {
        var report = new TourReport([Outcome(1, true), Outcome(2, false)], Quick: true, Seed: 7, TimeSpan.FromSeconds(2.25));
        string markdown = report.ToMarkdown();
        string html = report.ToHtml();
        Assert.Contains("**Borne out.** it held", markdown);
        Assert.Contains("**Contradicted by this run.** it did not", markdown);
        Assert.Contains("1 of 2 claims borne out", markdown);
        Assert.Contains("with seed 7", markdown);
        Assert.Contains("<p class=\"verdict contradicted\"><strong>Contradicted by this run.</strong> it did not</p>", html);
        Assert.Contains("(contradicted)", html);
    }

    [Fact]
    public void Text_is_escaped_in_html_and_pipes_in_markdown_tables()
    {
        var report = new TourReport([Outcome(1, true)], Quick: false, Seed: 1, TimeSpan.Zero);
        string html = report.ToHtml();
        Assert.Contains("Lesson &lt;1&gt;", html);
        Assert.Contains("a claim &amp; more", html);
        Assert.DoesNotContain("<1>", html);
        string markdown = report.ToMarkdown();
        Assert.Contains(@"| a\|b | c |", markdown);
        Assert.Contains(@"| 1 | 2\|3 |", markdown);
        Assert.Contains("![a figure](figures/a.svg)", markdown);
    }
}
