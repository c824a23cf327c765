using Downhill.Cli.Serve;

namespace Downhill.Tests.Serve;

/// <summary>A real playground server (Kestrel on a free loopback port) for a test class, with a client for it.</summary>
public sealed class PlaygroundHost : IAsyncLifetime
{
    private PlaygroundServer? _server;

    internal ServeLimits Limits { get; init; } = new();

    /// <summary>A folder the tour wrote, served at /tour/; null: none.</summary>
    public string? TourFolder { get; init; }

    public Uri Address => _server!.Address;

    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public async Task InitializeAsync()
    {
        _server = await PlaygroundServer.StartAsync(new ServeOptions("127.0.0.1", 0) { Limits = Limits, TourFolder = TourFolder });
        Client.BaseAddress = _server.Address;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null) await _server.DisposeAsync();
    }

    /// <summary>GETs <paramref name="path"/>: the status and the body as text.</summary>
    public async Task<(int Status, string Body)> Get(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
