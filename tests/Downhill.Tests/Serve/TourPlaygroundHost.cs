using Downhill.Tour;

namespace Downhill.Tests.Serve;

/// <summary>
/// The quick tour of the lessons whose experiments needed more of the playground (9: a box, 11: critical points,
/// 12: a network's landscape), written to a temporary folder and served at /tour/ by a real playground server.
/// </summary>
public sealed class TourPlaygroundHost : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "downhill-tour-playground-" + Guid.NewGuid().ToString("N"));

    public PlaygroundHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Course.Run(new TourOptions { OutputDirectory = _folder, Quick = true, Only = [9, 11, 12] });
        Host = new PlaygroundHost { TourFolder = _folder };
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
