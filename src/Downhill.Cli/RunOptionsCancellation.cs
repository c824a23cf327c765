namespace Downhill.Cli;

/// <summary>
/// Turns Ctrl+C into a cancellation while a command runs, so the run ends cleanly and reports its result (stop
/// reason "cancelled") instead of the process dying. A second Ctrl+C after the first still ends the process.
/// The command's own cancellation (<see cref="Io.Cancellation"/>: the server's time budget) ends it the same way.
/// </summary>
internal sealed class RunOptionsCancellation : IDisposable
{
    private readonly CancellationTokenSource _source;

    public RunOptionsCancellation(Io io)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(io.Cancellation);
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public CancellationToken Token => _source.Token;

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested) return;
        e.Cancel = true;
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _source.Dispose();
    }
}
