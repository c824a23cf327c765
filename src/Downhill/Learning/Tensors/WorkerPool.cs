namespace Downhill.Learning.Tensors;

/// <summary>A piece of work split into <c>parts</c> independent parts, part <c>part</c> run by one thread.</summary>
public interface IParallelWork
{
    void Execute(int part, int parts);
}

/// <summary>
/// A fixed set of threads that run one <see cref="IParallelWork"/> at a time, the caller taking part 0. Work is
/// split by the work itself into disjoint pieces of output, so results never depend on the number of threads.
/// Running work allocates nothing (the training step relies on that).
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly Barrier? _start;
    private readonly Barrier? _end;
    private readonly Thread[] _threads;
    private IParallelWork? _work;
    private Exception? _failure;
    private volatile bool _disposed;

    /// <summary>A pool of <paramref name="threads"/> threads in all (the caller's included).</summary>
    public WorkerPool(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        Threads = threads;
        _threads = new Thread[threads - 1];
        if (threads == 1) return;
        _start = new Barrier(threads);
        _end = new Barrier(threads);
        for (int t = 1; t < threads; t++)
        {
            int part = t;
            _threads[t - 1] = new Thread(() => Work(part)) { IsBackground = true, Name = $"downhill-worker-{part}" };
            _threads[t - 1].Start();
        }
    }

    /// <summary>A pool that runs everything on the caller's thread.</summary>
    public static WorkerPool Single { get; } = new(1);

    public int Threads { get; }

    /// <summary>Runs every part of <paramref name="work"/> and returns when all are done.</summary>
    public void Run(IParallelWork work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Threads == 1)
        {
            work.Execute(0, 1);
            return;
        }
        _work = work;
        _failure = null;
        _start!.SignalAndWait();
        try { work.Execute(0, Threads); }
        catch (Exception e) { _failure ??= e; }
        _end!.SignalAndWait();
        _work = null;
        if (_failure is { } failure)
            throw new AggregateException("a worker failed", failure);
    }

    private void Work(int part)
    {
        while (true)
        {
            _start!.SignalAndWait();
            if (_disposed) return;
            try { _work!.Execute(part, Threads); }
            catch (Exception e) { Interlocked.CompareExchange(ref _failure, e, null); }
            _end!.SignalAndWait();
        }
    }

    public void Dispose()
    {
        if (_disposed || Threads == 1) return;
        _disposed = true;
        _start!.SignalAndWait();
        foreach (var thread in _threads) thread.Join();
        _start.Dispose();
        _end!.Dispose();
    }
}
