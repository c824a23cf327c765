namespace Downhill.Tour;

/// <summary>
/// A lesson's experiment as a state of the playground (<c>downhill serve</c>): the URL fragment that opens the page on
/// it. <see cref="PlaygroundLink"/> is a race of optimizers on a function, <see cref="LandscapeLink"/> a network's loss
/// landscape.
/// </summary>
public abstract record PlaygroundState
{
    /// <summary>Where <c>downhill serve</c> listens by default: the report written to disk links there.</summary>
    public const string DefaultPlayground = "http://127.0.0.1:8080/";

    /// <summary>
    /// What the HTML report says after each link, for a reader who opened the file: the server that serves the report
    /// removes it (it is running already).
    /// </summary>
    public const string ServeFirstHtml = " (run <code>downhill serve</code> first)";

    /// <summary>The URL fragment, without the <c>#</c>.</summary>
    public abstract string Fragment { get; }

    /// <summary><c>key=value&amp;…</c>, each value escaped.</summary>
    protected static string Join(IEnumerable<(string Key, string Value)> pairs) =>
        string.Join("&", pairs.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
}
