using System.Diagnostics;

namespace Downhill.Numerics;

/// <summary>A piece of work split into <c>parts</c> independent parts, part <c>part</c> run by one thread.</summary>
public interface IParallelWork
{
    /// <summary>Does part <paramref name="part"/> of <paramref name="parts"/> (see <see cref="WorkRange"/> for a range's share).</summary>
    void Execute(int part, int parts);
}

/// <summary>
/// The one way Downhill splits work over threads. A pool has <see cref="Threads"/> threads in all, the caller's
/// included, and runs an <see cref="IParallelWork"/> as that many parts (<see cref="Run"/>) or a count of independent
/// items pulled one at a time (<see cref="For"/>). Work is split by the work itself into disjoint pieces of output, so
/// results never depend on the number of threads.
/// </summary>
/// <remarks>
/// <para>Two kinds of pool, one meaning of "threads" (how many threads work at once; a count of 0 asks for every core):
/// <c>new WorkerPool(threads)</c> keeps threads of its own, for a training step's many short parallel sections
/// (running work allocates nothing, which the training step relies on), and must be disposed;
/// <see cref="OnThreadPool"/> borrows .NET's thread pool, for occasional work such as a batch of runs or a large
/// optimizer step outside a trainer, and may run several works at once.</para>
/// </remarks>
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
    private readonly bool _borrowed;

    /// <summary>A pool of <paramref name="threads"/> threads in all (the caller's included), its own.</summary>
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

    private WorkerPool(int threads, bool borrowed) => (Threads, _borrowed, _threads) = (threads, borrowed, []);

    /// <summary>A pool that runs everything on the caller's thread.</summary>
    public static WorkerPool Single { get; } = new(1);

    /// <summary>
    /// A pool of <paramref name="threads"/> threads borrowed from .NET's thread pool (0: one per core): nothing to
    /// dispose, and safe to run several works at once.
    /// </summary>
    /// <exception cref="InputException"><paramref name="threads"/> is negative.</exception>
    public static WorkerPool OnThreadPool(int threads = 0)
    {
        if (threads < 0) throw new InputException($"{new ParameterName("threads")} must be 0 (every core) or more, not {threads}");
        int count = threads == 0 ? Environment.ProcessorCount : threads;
        return count == 1 ? Single : new WorkerPool(count, borrowed: true);
    }

    /// <summary>How many threads work at once, the caller's included.</summary>
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
        if (_borrowed)
        {
            int parts = Threads;
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part => work.Execute(part, parts));
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

    /// <summary>
    /// Runs <paramref name="body"/> for each of <paramref name="count"/> independent items, each thread taking the next
    /// item when it finishes one (so items of unequal cost balance). Each item's result is its own, whatever the
    /// threads; the first exception is rethrown once all threads have stopped.
    /// </summary>
    public void For(int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        For(count, () => body, (i, run) => run(i));
    }

    /// <summary>
    /// <see cref="For(int, Action{int})"/> with a helper made once per thread by <paramref name="local"/> (buffers a
    /// body reuses); an item's result must not depend on which helper, or which items before it, it got.
    /// </summary>
    public void For<TLocal>(int count, Func<TLocal> local, Action<int, TLocal> body)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(body);
        if (count == 0) return;
        if (Threads == 1 || count == 1)
        {
            var helper = local();
            for (int i = 0; i < count; i++) body(i, helper);
            return;
        }
        try { Run(new PulledItems<TLocal>(count, local, body)); }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    /// <summary>Items handed out one at a time from a shared counter; a failure stops the others taking more.</summary>
    private sealed class PulledItems<TLocal>(int count, Func<TLocal> local, Action<int, TLocal> body) : IParallelWork
    {
        private int _next = -1;

        public void Execute(int part, int parts)
        {
            int i = Interlocked.Increment(ref _next);
            if (i >= count) return;
            var helper = local();
            for (; i < count; i = Interlocked.Increment(ref _next))
            {
                try { body(i, helper); }
                catch
                {
                    Volatile.Write(ref _next, count);
                    throw;
                }
            }
        }
    }

    /// <summary>Stops and joins a pool's own threads; a borrowed pool has none.</summary>
    public void Dispose()
    {
        if (_disposed || Threads == 1 || _borrowed) return;
        _disposed = true;
        Release();
        foreach (var thread in _threads) thread.Join();
    }
}
