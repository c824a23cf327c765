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
    public void AContradictedLessonSaysSoInBothFormatsAndInTheSummary()
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
        Assert.Contains("*Lesson 2 ran in 1.0 s.*", markdown);
        Assert.Contains("<p class=\"runtime\">Lesson 2 ran in 1.0 s.</p>", html);
    }

    [Fact]
    public void TextIsEscapedInHtmlAndPipesInMarkdownTables()
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

public sealed class NumbersTests
{
    [Theory]
    [InlineData(3.25, 4, "3.25")]
    [InlineData(4.47e-8, 3, "4.47e-08")]
    [InlineData(2.6e103, 3, "2.6e+103")]
    [InlineData(double.NaN, 4, "NaN")]
    [InlineData(double.PositiveInfinity, 4, "∞")]
    [InlineData(double.NegativeInfinity, 4, "−∞")]
    [InlineData(0.123456789, 4, "0.1235")]
    public void NumbersPrintInvariantlyWithLowercaseExponents(double value, int digits, string expected) =>
        Assert.Equal(expected, Numbers.G(value, digits));

    [Fact]
    public void SharesAndPointsPrintAsTheReportShowsThem()
    {
        Assert.Equal("21.3%", Numbers.Percent(0.2125));
        Assert.Equal("(-1.2, 1)", Numbers.Point([-1.2, 1.0]));
    }
}

public sealed class CourseTests
{
    [Fact]
    public void TheSameSeedMeasuresTheSameNumbers()
    {
        string first = Path.Combine(Path.GetTempPath(), "downhill-course-" + Guid.NewGuid().ToString("N"));
        string second = Path.Combine(Path.GetTempPath(), "downhill-course-" + Guid.NewGuid().ToString("N"));
        try
        {
            var a = Course.Run(new TourOptions { OutputDirectory = first, Quick = true, Only = [4, 10], Seed = 5 });
            var b = Course.Run(new TourOptions { OutputDirectory = second, Quick = true, Only = [4, 10], Seed = 5 });
            Assert.Equal([4, 10], a.Lessons.Select(l => l.Number));
            for (int k = 0; k < a.Lessons.Count; k++)
            {
                Assert.Equal(a.Lessons[k].Measurements, b.Lessons[k].Measurements);
                Assert.Equal(a.Lessons[k].Conclusion, b.Lessons[k].Conclusion);
                Assert.Equal(a.Lessons[k].Tables.SelectMany(t => t.Rows.SelectMany(r => r)), b.Lessons[k].Tables.SelectMany(t => t.Rows.SelectMany(r => r)));
            }
            Assert.Equal(File.ReadAllText(Path.Combine(first, "figures", "lesson10-tuning.svg")),
                File.ReadAllText(Path.Combine(second, "figures", "lesson10-tuning.svg")));
        }
        finally
        {
            foreach (string directory in new[] { first, second })
                if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void AnOutputFolderThatCannotBeCreatedIsBadInput()
    {
        string file = Path.GetTempFileName();
        try
        {
            var outcome = Downhill.Tests.Cli.CliHarness.Run("tour", "--quick", "--only", "1", "--out", Path.Combine(file, "report"));
            Assert.Equal(2, outcome.ExitCode);
            // Refused before any lesson runs, naming the file in the way.
            Assert.Equal(($"downhill: --out: '{file}' is a file, not a folder", ""), (outcome.Error.TrimEnd(), outcome.Out));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
