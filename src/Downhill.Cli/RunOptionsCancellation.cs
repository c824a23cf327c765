namespace Downhill.Cli;

/// <summary>
/// Turns Ctrl+C into a cancellation while a command runs, so the run ends cleanly and reports its result (stop
/// reason "cancelled") instead of the process dying. A second Ctrl+C after the first still ends the process.
/// The command's own cancellation (<see cref="Io.Cancellation"/>: the server's time budget) ends it the same way.
/// </summary>
internal sealed class RunOptionsCancellation : IDisposable
{
    private readonly CancellationTokenSource source;

    public RunOptionsCancellation(Io io)
    {
        source = CancellationTokenSource.CreateLinkedTokenSource(io.Cancellation);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public CancellationToken Token => source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (source.IsCancellationRequested) return;
        e.Cancel = true;
        source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        source.Dispose();
    }
}
