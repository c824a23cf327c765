namespace Downhill.Tour;

/// <summary>
/// A network's loss landscape as the playground's state: the flags of <c>downhill landscape</c> (which the page's
/// landscape view sends to /api/landscape) after <c>view=landscape</c>.
/// </summary>
/// <param name="Flags">The command's flags by their long names, in order (e.g. <c>("model", "mlp:5")</c>).</param>
public sealed record LandscapeLink(IReadOnlyList<(string Flag, string Value)> Flags) : PlaygroundState
{
    /// <inheritdoc/>
    public override string Fragment => Join([("view", "landscape"), .. Flags]);
}
