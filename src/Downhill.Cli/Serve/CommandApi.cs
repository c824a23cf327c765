using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Downhill.Plotting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Downhill.Cli.Serve;

/// <summary>
/// The JSON API: <c>GET /api/{endpoint}?flag=value&amp;…</c> runs the command the endpoint names with those flags
/// (<see cref="ApiQuery"/>) and answers what the command prints with --json, byte for byte. A bad flag is a 400 whose
/// JSON holds the command's one-line message (<c>{"error","text","position"}</c>, the last two where the bad input is
/// text, for a caret); a request past the time budget answers what it computed.
/// </summary>
internal static class CommandApi
{
    public static void Map(WebApplication app, ServeLimits limits) =>
        app.MapGet("/api/{endpoint}", (string endpoint, HttpContext context) => Answer(endpoint, context, limits));

    /// <summary>The figure a command drew with --plot, kept in memory for /api/figure (the only file the API hands out).</summary>
    private sealed class Download : IFigureOutput
    {
        public byte[]? Bytes { get; private set; }

        public void Write(Figure figure, string path, double scale) =>
            Bytes = FigureFile.FormatOf(path) == FigureFormat.Png
                ? PngRenderer.Render(figure, scale)
                : Encoding.UTF8.GetBytes(SvgRenderer.Render(figure));
    }

    /// <summary>Whether a request goes to the heavy lane (a request that does not parse is light: it is answered at once).</summary>
    public static bool IsHeavy(HttpContext context, ServeLimits limits)
    {
        string endpoint = context.Request.Path.Value?["/api/".Length..] ?? "";
        try
        {
            return ApiQuery.Parse(endpoint, Query(context)).IsHeavy(limits);
        }
        catch (InputException)
        {
            return false;
        }
    }

    private static async Task Answer(string endpoint, HttpContext context, ServeLimits limits)
    {
        ApiQuery query;
        try
        {
            query = ApiQuery.Parse(endpoint, Query(context));
            query.CheckLimits(limits);
        }
        catch (InputException e)
        {
            await WriteProblem(context, endpoint.Length > 0 && !ApiQuery.Commands.ContainsKey(endpoint) ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, e);
            return;
        }
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        budget.CancelAfter(limits.TimeBudget);
        var stdout = new StringWriter();
        var download = new Download();
        var io = new Io(stdout, new StringWriter(), budget.Token) { Figures = download };
        // On a thread of its own: a computation holds its thread for up to the time budget, and the thread pool must
        // stay free to accept, queue and refuse the requests that arrive meanwhile.
        var outcome = await Task.Factory.StartNew(() => Cli.Execute(query.ToArguments(), io), CancellationToken.None,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        if (outcome.Problem is { } problem)
        {
            await WriteProblem(context, outcome.ExitCode == Cli.BadInput ? StatusCodes.Status400BadRequest : StatusCodes.Status500InternalServerError, problem);
            return;
        }
        context.Response.Headers.CacheControl = "no-store";
        if (query.FigureFormat is { } format && download.Bytes is { } bytes)
        {
            context.Response.ContentType = format == "png" ? "image/png" : "image/svg+xml";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"downhill.{format}\"";
            await context.Response.Body.WriteAsync(bytes);
            return;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(stdout.ToString());
    }

    /// <summary>Answers <c>{"error": message}</c> with <paramref name="status"/>.</summary>
    public static ValueTask WriteProblem(HttpContext context, int status, string message) =>
        new(WriteProblem(context, status, new InputException(message)));

    /// <summary>Answers the problem as <c>{"error","text","position"}</c> (text and position where the bad input is text).</summary>
    public static Task WriteProblem(HttpContext context, int status, InputException problem)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("error", problem.Message);
            if (problem.Text is { } text)
            {
                json.WriteString("text", text);
                json.WriteNumber("position", problem.Position);
            }
            json.WriteEndObject();
        }
        return context.Response.Body.WriteAsync(buffer.ToArray()).AsTask();
    }

    private static IEnumerable<KeyValuePair<string, string?>> Query(HttpContext context) =>
        QueryPairs(context.Request.QueryString.Value ?? "");

    /// <summary>The query's pairs in the order written (a repeated key, such as o, keeps each value in place).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> QueryPairs(string query)
    {
        foreach (string part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=');
            string key = Uri.UnescapeDataString((equals < 0 ? part : part[..equals]).Replace('+', ' '));
            string? value = equals < 0 ? null : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
            yield return new(key, value);
        }
    }
}
