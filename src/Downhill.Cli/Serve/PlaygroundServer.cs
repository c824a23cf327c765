using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Downhill.Cli.Serve;

/// <summary>Where the playground listens and what it accepts.</summary>
/// <param name="Host">The address to bind: loopback (127.0.0.1) unless the user says otherwise.</param>
/// <param name="Port">The port; 0 picks a free one (the tests do).</param>
internal sealed record ServeOptions(string Host = "127.0.0.1", int Port = 8080)
{
    public ServeLimits Limits { get; init; } = new();

    /// <summary>The folder <c>downhill tour --out</c> wrote, served at /tour/; null: none.</summary>
    public string? TourFolder { get; init; }
}

/// <summary>
/// The playground: Kestrel serving the page (embedded, offline) and the JSON API, whose answers are the commands' own
/// JSON (<see cref="CommandApi"/>). Every response carries a Content-Security-Policy that allows only the server's
/// own scripts; requests from a page on another host name are refused (no DNS rebinding onto loopback).
/// </summary>
internal sealed class PlaygroundServer : IAsyncDisposable
{
    /// <summary>Scripts and data only from this server, no inline script, no eval; styles may be inline (the tour's report has one).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string HeavyLane = "heavy", LightLane = "light";

    private readonly WebApplication _app;

    private PlaygroundServer(WebApplication app, Uri address)
    {
        this._app = app;
        Address = address;
    }

    /// <summary>The URL the page is served at, with the port actually bound.</summary>
    public Uri Address { get; }

    /// <summary>Starts listening.</summary>
    /// <exception cref="InputException">The host is not an address, or the port is taken.</exception>
    public static async Task<PlaygroundServer> StartAsync(ServeOptions options)
    {
        var address = ParseHost(options.Host);
        var limits = options.Limits;
        var tour = options.TourFolder is { } folder ? TourPages.Read(folder) : null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestLineSize = 2 * limits.MaxRequestLength;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Listen(address, options.Port);
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddRateLimiter(rate =>
        {
            rate.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!context.Request.Path.StartsWithSegments("/api")) return RateLimitPartition.GetNoLimiter("page");
                string lane = CommandApi.IsHeavy(context, limits) ? HeavyLane : LightLane;
                return RateLimitPartition.GetConcurrencyLimiter(lane, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = lane == HeavyLane ? Math.Max(1, limits.MaxConcurrent / 2) : limits.MaxConcurrent,
                    QueueLimit = lane == HeavyLane ? limits.MaxQueuedHeavy : limits.MaxQueuedLight,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            rate.OnRejected = (rejected, _) => CommandApi.WriteProblem(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                "too many requests at once; try again in a moment");
        });

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            if (IPAddress.IsLoopback(address) && !IsLoopbackName(context.Request.Host.Host))
            {
                await CommandApi.WriteProblem(context, StatusCodes.Status400BadRequest,
                    $"this server answers pages of localhost, not of '{context.Request.Host.Host}'");
                return;
            }
            long length = (context.Request.Path.Value?.Length ?? 0) + (context.Request.QueryString.Value?.Length ?? 0);
            if (length > limits.MaxRequestLength || context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                await CommandApi.WriteProblem(context, StatusCodes.Status413PayloadTooLarge,
                    $"the request is too large: at most {limits.MaxRequestLength} characters of path and query, and no body");
                return;
            }
            await next(context);
        });
        app.UseRateLimiter();
        PageAssets.Map(app, tour is not null);
        CommandApi.Map(app, limits);
        TourPages.Map(app, tour);

        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InputException($"--port: cannot listen on {options.Host}:{options.Port}: {e.Message}");
        }
        string bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new PlaygroundServer(app, new Uri(bound.Replace("//[::]", "//localhost", StringComparison.Ordinal) + "/"));
    }

    /// <summary>Stops listening; requests in flight finish first.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IPAddress ParseHost(string host)
    {
        if (host == "localhost") return IPAddress.Loopback;
        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new InputException($"--host: '{host}' is not an IP address (e.g. 127.0.0.1, the default, or 0.0.0.0 for every interface)");
    }

    private static bool IsLoopbackName(string host) =>
        host is "localhost" or "127.0.0.1" or "[::1]" or "::1";
}
