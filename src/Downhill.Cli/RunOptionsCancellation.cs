namespace Downhill.Cli;

/// <summary>
/// Turns Ctrl+C into a cancellation while a command runs, so the run ends cleanly and reports its result (stop
/// reason "cancelled") instead of the process dying. A second Ctrl+C after the first still ends the process.
/// </summary>
internal sealed class RunOptionsCancellation : IDisposable
{
    private readonly CancellationTokenSource source = new();

    public RunOptionsCancellation() => Console.CancelKeyPress += OnCancelKeyPress;

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
