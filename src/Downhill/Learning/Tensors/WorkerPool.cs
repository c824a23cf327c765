using System.Diagnostics;

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
/// <remarks>
/// A training step runs a handful of parallel products a few tens of microseconds apart. Waking a thread blocked in
/// the kernel costs about as much as a product (far more on a virtual machine, where an idle core is halted), so an
/// idle worker spins on the work counter for <see cref="SpinTime"/> before it blocks, as OpenMP runtimes do; the
/// caller spins for the workers to finish, since their parts are as long as its own.
/// </remarks>
public sealed class WorkerPool : IDisposable
{
    /// <summary>How long an idle worker polls for new work before it blocks: longer than the gap between the
    /// parallel sections of a training step, short enough that an idle pool soon stops using a core.</summary>
    internal static readonly TimeSpan SpinTime = TimeSpan.FromMilliseconds(2);

    private readonly Thread[] _threads;
    private readonly object _gate = new();
    private readonly long _spinTicks = (long)(SpinTime.TotalSeconds * Stopwatch.Frequency);
    private IParallelWork? _work;
    private Exception? _failure;
    private int _generation;
    private int _pending;
    private int _sleepers;
    private volatile bool _disposed;

    /// <summary>A pool of <paramref name="threads"/> threads in all (the caller's included).</summary>
    public WorkerPool(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "at least one thread");
        Threads = threads;
        _threads = new Thread[threads - 1];
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
        Volatile.Write(ref _pending, Threads - 1);
        Release();
        try { work.Execute(0, Threads); }
        catch (Exception e) { Interlocked.CompareExchange(ref _failure, e, null); }
        var wait = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) wait.SpinOnce(sleep1Threshold: -1);
        _work = null;
        if (_failure is { } failure)
            throw new AggregateException("a worker failed", failure);
    }

    /// <summary>Publishes a new generation (the full fence orders the work before it) and wakes blocked workers.</summary>
    private void Release()
    {
        Interlocked.Increment(ref _generation);
        if (Volatile.Read(ref _sleepers) == 0) return;
        lock (_gate) Monitor.PulseAll(_gate);
    }

    private void Work(int part)
    {
        int seen = 0;
        while (true)
        {
            WaitForGeneration(seen);
            seen = Volatile.Read(ref _generation);
            if (_disposed) return;
            try { _work!.Execute(part, Threads); }
            catch (Exception e) { Interlocked.CompareExchange(ref _failure, e, null); }
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>Returns once the generation differs from <paramref name="seen"/>: spinning first, then blocked.</summary>
    private void WaitForGeneration(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        for (int spins = 1; Volatile.Read(ref _generation) == seen; spins++)
        {
            if (Stopwatch.GetTimestamp() - start > _spinTicks)
            {
                lock (_gate)
                {
                    // The increment is a full fence: either Release sees a sleeper or this thread sees the new generation.
                    Interlocked.Increment(ref _sleepers);
                    while (Volatile.Read(ref _generation) == seen) Monitor.Wait(_gate);
                    Interlocked.Decrement(ref _sleepers);
                }
                return;
            }
            // Yielding now and then lets a runnable thread (the JIT's, the collector's) have this core.
            if (spins % 32 == 0) Thread.Yield();
            else Thread.SpinWait(16);
        }
    }

    public void Dispose()
    {
        if (_disposed || Threads == 1) return;
        _disposed = true;
        Release();
        foreach (var thread in _threads) thread.Join();
    }
}
