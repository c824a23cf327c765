using System.Text;
using Downhill.Plotting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Downhill.Cli.Serve;

/// <summary>
/// The page and what it loads, embedded in the assembly so the playground works offline: the page, its script and
/// style, and the library's figure script and style (the same files the HTML figures inline).
/// </summary>
internal static class PageAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string Type)> Files = new()
    {
        ["/"] = (Resource("index.html"), "text/html; charset=utf-8"),
        ["/playground.js"] = (Resource("playground.js"), "text/javascript; charset=utf-8"),
        ["/playground.css"] = (Resource("playground.css"), "text/css; charset=utf-8"),
        ["/figure.js"] = (Encoding.UTF8.GetBytes(HtmlRenderer.Script), "text/javascript; charset=utf-8"),
        ["/figure.css"] = (Encoding.UTF8.GetBytes(HtmlRenderer.Style), "text/css; charset=utf-8"),
    };

    /// <summary>The names served and their sizes in bytes (the page's weight).</summary>
    public static IEnumerable<(string Path, int Bytes)> Sizes => Files.Select(f => (f.Key, f.Value.Bytes.Length));

    /// <summary>The link from the page to the tour's report, hidden unless the server serves one.</summary>
    private const string HiddenTourLink = "<a id=\"tour-link\" href=\"/tour/\" hidden>";

    /// <summary>Serves the files; with <paramref name="tour"/> the page shows its link to /tour/.</summary>
    public static void Map(WebApplication app, bool tour)
    {
        foreach (var (path, (served, type)) in Files)
        {
            byte[] bytes = tour && path == "/"
                ? Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(served).Replace(HiddenTourLink, HiddenTourLink.Replace(" hidden", "", StringComparison.Ordinal), StringComparison.Ordinal))
                : served;
            app.MapGet(path, (HttpContext context) =>
            {
                context.Response.ContentType = type;
                context.Response.Headers.CacheControl = "no-cache";
                return context.Response.Body.WriteAsync(bytes).AsTask();
            });
        }
    }

    private static byte[] Resource(string name)
    {
        var assembly = typeof(PageAssets).Assembly;
        using var stream = assembly.GetManifestResourceStream($"Downhill.Cli.Serve.Page.{name}")
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from {assembly.GetName().Name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
