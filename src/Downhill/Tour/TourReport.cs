using System.Globalization;
using System.Net;
using System.Text;

namespace Downhill.Tour;

/// <summary>The whole tour's outcome, rendered as an HTML page and as Markdown that show the same evidence.</summary>
public sealed record TourReport(IReadOnlyList<LessonOutcome> Lessons, bool Quick, long Seed, TimeSpan Elapsed)
{
    /// <summary>The report's title.</summary>
    public const string Title = "Downhill — the course, run and drawn";

    /// <summary>The report as Markdown (figures referenced by relative path).</summary>
    public string ToMarkdown()
    {
        var md = new StringBuilder();
        md.AppendLine($"# {Title}").AppendLine();
        md.AppendLine(Summary()).AppendLine();
        md.AppendLine(HowToRead).AppendLine();
        foreach (var lesson in Lessons)
        {
            md.AppendLine($"## {lesson.Number}. {lesson.Title}").AppendLine();
            md.AppendLine($"**Claim.** {lesson.Claim}").AppendLine();
            md.AppendLine("**Evidence measured in this run.**").AppendLine();
            foreach (var m in lesson.Measurements)
                md.AppendLine($"- {m.Label}: {m.Value}");
            md.AppendLine();
            foreach (var table in lesson.Tables)
            {
                md.AppendLine($"*{table.Caption}*").AppendLine();
                md.AppendLine("| " + string.Join(" | ", table.Columns.Select(Cell)) + " |");
                md.AppendLine("|" + string.Concat(table.Columns.Select(_ => " --- |")));
                foreach (var row in table.Rows)
                    md.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                md.AppendLine();
            }
            foreach (var figure in lesson.Figures)
                md.AppendLine($"![{figure.Caption}]({figure.Svg})").AppendLine().AppendLine($"*{figure.Caption}* ([interactive]({figure.Html}))").AppendLine();
            if (lesson.Playground is { } link)
                md.AppendLine($"[Try it in the playground]({PlaygroundState.DefaultPlayground}#{link.Fragment}) (run `downhill serve` first).").AppendLine();
            if (lesson.NotInPlayground is { } why)
                md.AppendLine($"*Not in the playground:* {why}").AppendLine();
            md.AppendLine($"**{Verdict(lesson)}** {lesson.Conclusion}").AppendLine();
            md.AppendLine($"*{RunTime(lesson)}*").AppendLine();
        }
        return md.ToString();
    }

    /// <summary>The report as one HTML page; figures are the SVG files beside it, each linking its interactive version.</summary>
    public string ToHtml()
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{E(Title)}</title>");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        // No icon: a browser would otherwise ask for /favicon.ico, which neither a folder nor the playground has.
        html.AppendLine("<link rel=\"icon\" href=\"data:,\">");
        html.AppendLine("<style>");
        html.AppendLine(Style);
        html.AppendLine("</style></head><body><main>");
        html.AppendLine($"<h1>{E(Title)}</h1>");
        html.AppendLine($"<p class=\"summary\">{E(Summary())}</p>");
        html.AppendLine($"<p class=\"summary\">{E(HowToRead)}</p>");
        html.AppendLine("<nav><ol>");
        foreach (var lesson in Lessons)
            html.AppendLine($"<li><a href=\"#lesson-{lesson.Number}\">{E(lesson.Title)}</a>{(lesson.ClaimHolds ? " <span class=\"holds\">✓</span>" : " <span class=\"contradicted\">(contradicted)</span>")}</li>");
        html.AppendLine("</ol></nav>");
        foreach (var lesson in Lessons)
        {
            html.AppendLine($"<section id=\"lesson-{lesson.Number}\" class=\"lesson\">");
            html.AppendLine($"<h2>{lesson.Number}. {E(lesson.Title)}</h2>");
            html.AppendLine($"<p class=\"claim\"><strong>Claim.</strong> {E(lesson.Claim)}</p>");
            html.AppendLine("<h3>Evidence measured in this run</h3><dl>");
            foreach (var m in lesson.Measurements)
                html.AppendLine($"<dt>{E(m.Label)}</dt><dd>{E(m.Value)}</dd>");
            html.AppendLine("</dl>");
            foreach (var table in lesson.Tables)
            {
                html.AppendLine($"<table><caption>{E(table.Caption)}</caption><thead><tr>");
                foreach (var c in table.Columns) html.Append($"<th>{E(c)}</th>");
                html.AppendLine("</tr></thead><tbody>");
                foreach (var row in table.Rows)
                    html.AppendLine("<tr>" + string.Concat(row.Select(v => $"<td>{E(v)}</td>")) + "</tr>");
                html.AppendLine("</tbody></table>");
            }
            foreach (var figure in lesson.Figures)
                html.AppendLine($"<figure><a href=\"{E(figure.Html)}\"><img src=\"{E(figure.Svg)}\" alt=\"{E(figure.Caption)}\"></a>" +
                                $"<figcaption>{E(figure.Caption)} — <a href=\"{E(figure.Html)}\">interactive</a></figcaption></figure>");
            if (lesson.Playground is { } link)
                html.AppendLine($"<p class=\"play\"><a href=\"{E(PlaygroundState.DefaultPlayground)}#{E(link.Fragment)}\">Try it in the playground</a>" +
                                $"{PlaygroundState.ServeFirstHtml}: the same experiment, live, with its settings to change.</p>");
            if (lesson.NotInPlayground is { } why)
                html.AppendLine($"<p class=\"play\">Not in the playground: {E(why)}</p>");
            html.AppendLine($"<p class=\"verdict {(lesson.ClaimHolds ? "holds" : "contradicted")}\"><strong>{E(Verdict(lesson))}</strong> {E(lesson.Conclusion)}</p>");
            html.AppendLine($"<p class=\"runtime\">{E(RunTime(lesson))}</p>");
            html.AppendLine("</section>");
        }
        html.AppendLine("</main></body></html>");
        return html.ToString();
    }

    /// <summary>A Markdown table cell: a bare | would end the cell.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>One line per lesson for the terminal: number, title, verdict.</summary>
    public IEnumerable<string> SummaryLines() =>
        Lessons.Select(l => $"{l.Number,2}. {l.Title} — {Verdict(l)} {l.Conclusion}");

    private string Summary() =>
        $"{Lessons.Count} lesson{(Lessons.Count == 1 ? "" : "s")} run{(Quick ? " (quick mode: smaller experiments)" : "")} in " +
        $"{Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s with seed {Seed}; " +
        $"{Lessons.Count(l => l.ClaimHolds)} of {Lessons.Count} claims borne out by their evidence. " +
        "Every number and figure below was measured in this run.";

    private const string HowToRead =
        "Each lesson states a claim, runs the experiment that tests it, lists what that run measured, draws it (click a " +
        "figure for its interactive version), and ends with a verdict drawn from the numbers: borne out, or contradicted.";

    private static string RunTime(LessonOutcome lesson) =>
        $"Lesson {lesson.Number} ran in {lesson.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.";

    private static string Verdict(LessonOutcome lesson) => lesson.ClaimHolds ? "Borne out." : "Contradicted by this run.";

    private const string Style = """
        body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; background: #fafbfc; margin: 0; }
        main { max-width: 980px; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
        h1 { font-size: 2rem; margin-bottom: .25rem; }
        h2 { border-top: 1px solid #d7dce3; padding-top: 1.5rem; margin-top: 2.5rem; }
        h3 { font-size: 1rem; text-transform: uppercase; letter-spacing: .05em; color: #5a6475; }
        .summary { color: #4a5261; }
        nav ol { columns: 2; }
        .claim { font-size: 1.1rem; background: #eef3fb; border-left: 4px solid #0072b2; padding: .6rem .9rem; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dt { color: #4a5261; } dd { margin: 0; font-variant-numeric: tabular-nums; }
        table { border-collapse: collapse; margin: 1rem 0; font-variant-numeric: tabular-nums; }
        caption { text-align: left; font-style: italic; padding-bottom: .3rem; }
        th, td { border-bottom: 1px solid #d7dce3; padding: .25rem .7rem; text-align: right; }
        td { white-space: nowrap; }
        .runtime { color: #7a8291; font-size: .85rem; }
        th:first-child, td:first-child { text-align: left; }
        figure { margin: 1.25rem 0; } figure img { max-width: 100%; border: 1px solid #e2e6ec; background: #fff; }
        figcaption { color: #4a5261; font-size: .9rem; }
        .verdict { padding: .6rem .9rem; border-radius: 4px; }
        .verdict.holds { background: #e8f5ee; } nav .holds { color: #1b7a43; } .verdict.contradicted, .contradicted { background: #fdecea; color: #8a1c12; }
        """;
}
