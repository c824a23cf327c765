using System.Xml.Linq;
using Downhill.Tests.Cli;
using Downhill.Tour;

namespace Downhill.Tests.Tour;

/// <summary>Runs <c>downhill tour --quick</c> once into a temporary folder; the tests below read what it wrote.</summary>
public sealed class QuickTourFixture : IDisposable
{
    public QuickTourFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "downhill-tour-" + Guid.NewGuid().ToString("N"));
        Outcome = CliHarness.Run("tour", "--quick", "--out", Directory);
    }

    public string Directory { get; }
    public CliHarness.Outcome Outcome { get; }

    public string Read(string relative) => File.ReadAllText(Path.Combine(Directory, relative));

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}

public sealed class TourCommandTests(QuickTourFixture tour) : IClassFixture<QuickTourFixture>
{
    public static TheoryData<int> LessonNumbers => new(Enumerable.Range(1, Course.LessonCount));

    [Fact]
    public void TheQuickTourSucceedsAndPrintsALinePerLessonThenTheSummary()
    {
        Assert.Equal(0, tour.Outcome.ExitCode);
        Assert.Equal("", tour.Outcome.Error);
        foreach (var lesson in Course.Lessons)
            Assert.Matches($@"(?m)^\s*{lesson.Number}\. {System.Text.RegularExpressions.Regex.Escape(lesson.Title)}\s+(borne out|CONTRADICTED)\s+\d+\.\d s$", tour.Outcome.Out);
        Assert.Contains($"{Course.LessonCount} lessons in ", tour.Outcome.Out);
        Assert.Contains("Report: " + Path.Combine(tour.Directory, "report.html"), tour.Outcome.Out);
    }

    [Theory]
    [MemberData(nameof(LessonNumbers))]
    public void EveryLessonHasItsSectionClaimEvidenceAndVerdictInBothReports(int number)
    {
        var lesson = Course.Lessons[number - 1];
        string markdown = tour.Read("report.md");
        string html = tour.Read("report.html");
        int start = markdown.IndexOf($"## {number}. {lesson.Title}", StringComparison.Ordinal);
        Assert.True(start >= 0, $"report.md has no section for lesson {number}");
        int end = markdown.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        string section = end < 0 ? markdown[start..] : markdown[start..end];
        Assert.Contains($"**Claim.** {lesson.Claim}", section);
        Assert.Matches(@"(?m)^- .+: .*\d", section); // measured evidence, with numbers in it
        Assert.Matches(@"\*\*(Borne out\.|Contradicted by this run\.)\*\* \S", section);
        Assert.Contains($"<section id=\"lesson-{number}\" class=\"lesson\">", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(lesson.Title), html);
    }

    [Theory]
    [MemberData(nameof(LessonNumbers))]
    public void EveryLessonDrawsFiguresThatExistAsValidSvgAndHtml(int number)
    {
        string markdown = tour.Read("report.md");
        string prefix = $"figures/lesson{number:00}-";
        var svgs = System.Text.RegularExpressions.Regex.Matches(markdown, @"\]\((figures/[^)]+\.svg)\)").Select(m => m.Groups[1].Value)
            .Where(p => p.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(svgs);
        foreach (string svg in svgs)
        {
            var root = XDocument.Parse(tour.Read(svg)).Root!;
            Assert.Equal("svg", root.Name.LocalName);
            Assert.True(root.Descendants().Count() > 20, $"{svg} draws almost nothing");
            string html = tour.Read(Path.ChangeExtension(svg, ".html"));
            Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.OrdinalIgnoreCase);
            Assert.Contains("</html>", html);
            Assert.Contains($"src=\"{svg}\"", tour.Read("report.html"));
        }
    }

    [Theory]
    [MemberData(nameof(LessonNumbers))]
    public void EveryLessonLinksItsExperimentToThePlaygroundAndSaysWhatItDoesNotShow(int number)
    {
        var lesson = Course.Lessons[number - 1];
        string markdown = tour.Read("report.md");
        int start = markdown.IndexOf($"## {number}. {lesson.Title}", StringComparison.Ordinal);
        int end = markdown.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        string section = end < 0 ? markdown[start..] : markdown[start..end];
        string html = tour.Read("report.html");
        int htmlStart = html.IndexOf($"<section id=\"lesson-{number}\"", StringComparison.Ordinal);
        string htmlSection = html[htmlStart..html.IndexOf("</section>", htmlStart, StringComparison.Ordinal)];
        var link = System.Text.RegularExpressions.Regex.Match(section, @"\[Try it in the playground\]\(http://127\.0\.0\.1:8080/#((?:f|view)=[^)]+)\)");
        Assert.True(link.Success, $"lesson {number} does not link the playground");
        Assert.Matches(@"&o=[a-z]+|^view=landscape&", link.Groups[1].Value);
        Assert.Contains($"#{System.Net.WebUtility.HtmlEncode(link.Groups[1].Value)}\">Try it in the playground</a> (run <code>downhill serve</code> first): ", htmlSection);
        // What the playground does not show of the experiment, where something, is said in both.
        var what = System.Text.RegularExpressions.Regex.Match(section, @"\*Not in the playground:\* (\S.{40,})");
        if (what.Success)
            Assert.Contains($"<p class=\"play\">Not in the playground: {System.Net.WebUtility.HtmlEncode(what.Groups[1].Value.Trim())}</p>", htmlSection);
    }

    [Fact]
    public void MarkdownTablesEscapePipesInCells()
    {
        string markdown = tour.Read("report.md");
        foreach (string line in markdown.Split('\n').Where(l => l.StartsWith("| rule ", StringComparison.Ordinal)))
            Assert.Contains(@"\|x − x*\|", line);
    }

    [Fact]
    public void OnlyRunsTheNamedLessons()
    {
        string directory = Path.Combine(Path.GetTempPath(), "downhill-tour-only-" + Guid.NewGuid().ToString("N"));
        try
        {
            var outcome = CliHarness.Run("tour", "--quick", "--only", "4,1", "--out", directory);
            Assert.Equal(0, outcome.ExitCode);
            string markdown = File.ReadAllText(Path.Combine(directory, "report.md"));
            Assert.Contains("## 1. ", markdown);
            Assert.Contains("## 4. ", markdown);
            Assert.DoesNotContain("## 2. ", markdown);
            Assert.True(markdown.IndexOf("## 1. ", StringComparison.Ordinal) < markdown.IndexOf("## 4. ", StringComparison.Ordinal));
            Assert.All(Directory.GetFiles(Path.Combine(directory, "figures")),
                f => Assert.Matches(@"lesson0[14]-", Path.GetFileName(f)));
            Assert.Contains("2 lessons in ", outcome.Out);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("13", "there is no lesson 13; the lessons are numbered 1 to 12")]
    [InlineData("0", "--only: there is no lesson 0")]
    [InlineData("1,x", "--only: 'x' (entry 2) is not a finite number")]
    [InlineData("2.5", "--only: 2.5 is not a lesson number")]
    public void BadLessonNumbersExit2WithAMessageAndWriteNothing(string only, string message)
    {
        string directory = Path.Combine(Path.GetTempPath(), "downhill-tour-bad-" + Guid.NewGuid().ToString("N"));
        var outcome = CliHarness.Run("tour", "--quick", "--only", only, "--out", directory);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error);
        Assert.DoesNotContain("   at ", outcome.Error);
        Assert.False(Directory.Exists(directory));
    }
}
