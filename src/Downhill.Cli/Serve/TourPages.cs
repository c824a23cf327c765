using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Downhill.Tour;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Downhill.Cli.Serve;

/// <summary>
/// The tour's report at /tour/: the report.html that <c>downhill tour --out DIR</c> wrote, its "try it in the
/// playground" links pointed at this server, and its figures (figures/*.svg, and the interactive figures/*.html, each
/// allowed to run exactly its own inline figure script by that script's hash). The folder is the one
/// <c>downhill serve --tour DIR</c> names, read once when the server starts: no request reads a file.
/// </summary>
internal sealed partial class TourPages
{
    /// <summary>The answer at /tour/ when the server was started without a tour: how to have one.</summary>
    private const string HowTo =
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>No tour here</title></head><body>" +
        "<p>This server was started without the tour's report. Write it with <code>downhill tour --out tour</code>, " +
        "then start the playground with <code>downhill serve --tour tour</code>.</p></body></html>";

    private readonly byte[] _report;
    private readonly Dictionary<string, (byte[] Bytes, string Type, string? Policy)> _figures;

    private TourPages(byte[] report, Dictionary<string, (byte[], string, string?)> figures) => (_report, _figures) = (report, figures);

    /// <summary>Reads the report and its figures from <paramref name="folder"/>.</summary>
    /// <exception cref="InputException">The folder holds no report.html (or cannot be read).</exception>
    public static TourPages Read(string folder)
    {
        string report = Path.Combine(folder, "report.html");
        try
        {
            if (!File.Exists(report))
                throw new InputException($"--tour: '{folder}' holds no report.html; write the tour there first with downhill tour --out {folder}");
            // The report links the playground where `downhill serve` listens by default, and asks its reader to start
            // it; here it is this very server, running already.
            string html = File.ReadAllText(report).Replace($"href=\"{PlaygroundState.DefaultPlayground}#", "href=\"/#", StringComparison.Ordinal)
                .Replace(PlaygroundState.ServeFirstHtml, "", StringComparison.Ordinal);
            var figures = new Dictionary<string, (byte[], string, string?)>(StringComparer.Ordinal);
            string figureFolder = Path.Combine(folder, Course.FigureFolder);
            if (Directory.Exists(figureFolder))
            {
                foreach (string file in Directory.GetFiles(figureFolder))
                {
                    string name = Path.GetFileName(file);
                    if (name.EndsWith(".svg", StringComparison.Ordinal))
                        figures[name] = (File.ReadAllBytes(file), "image/svg+xml", null);
                    else if (name.EndsWith(".html", StringComparison.Ordinal))
                    {
                        string page = File.ReadAllText(file);
                        figures[name] = (Encoding.UTF8.GetBytes(page), "text/html; charset=utf-8", PolicyFor(page));
                    }
                }
            }
            return new TourPages(Encoding.UTF8.GetBytes(html), figures);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--tour: cannot read the tour in '{folder}': {e.Message}");
        }
    }

    /// <summary>Serves <paramref name="tour"/> at /tour/, or, without one, a page that says how to have it.</summary>
    public static void Map(WebApplication app, TourPages? tour)
    {
        // One route for /tour and /tour/ (routing does not tell them apart): the report's relative links need the slash.
        app.MapGet("/tour", (HttpContext context) =>
        {
            if (context.Request.Path.Value?.EndsWith('/') != true)
            {
                context.Response.Redirect("/tour/");
                return Task.CompletedTask;
            }
            return tour is null
                ? Write(context, StatusCodes.Status404NotFound, Encoding.UTF8.GetBytes(HowTo), "text/html; charset=utf-8")
                : Write(context, StatusCodes.Status200OK, tour._report, "text/html; charset=utf-8");
        });
        app.MapGet($"/tour/{Course.FigureFolder}/{{name}}", (string name, HttpContext context) =>
        {
            if (tour is null || !tour._figures.TryGetValue(name, out var figure))
                return CommandApi.WriteProblem(context, StatusCodes.Status404NotFound, $"the tour has no figure '{name}'").AsTask();
            if (figure.Policy is { } policy) context.Response.Headers.ContentSecurityPolicy = policy;
            return Write(context, StatusCodes.Status200OK, figure.Bytes, figure.Type);
        });
    }

    private static Task Write(HttpContext context, int status, byte[] bytes, string type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = type;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Response.Body.WriteAsync(bytes).AsTask();
    }

    /// <summary>The server's policy, with the page's own inline scripts (the figure script the HTML figures carry) admitted by their SHA-256.</summary>
    private static string PolicyFor(string page)
    {
        var hashes = InlineScript().Matches(page)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'");
        return PlaygroundServer.ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' {string.Join(' ', hashes)}", StringComparison.Ordinal);
    }

    /// <summary>A script element with no attributes (the figure's data is a <c>type="application/json"</c> one, never run).</summary>
    [GeneratedRegex("<script>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
