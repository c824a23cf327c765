using Downhill.Constraints;
using Downhill.Stopping;

namespace Downhill.Running;

/// <summary>How <see cref="Minimizer.Run"/> runs: when to stop, what to record, whom to tell. An immutable value.</summary>
public sealed record RunOptions
{
    /// <summary>max-iter 10000, grad-tol 1e-8, divergence and cancellation; every iteration traced up to 10,000 entries.</summary>
    public static RunOptions Default { get; } = new();

    /// <summary>The stopping rules; the first met ends the run.</summary>
    public StoppingRules Stopping { get; init; } = StoppingRules.Default;

    /// <summary>Record the iterate every this many iterations (the start and the end always).</summary>
    public int TraceEvery
    {
        get;
        init => field = value >= 1 ? value : throw new InputException($"{new ParameterName("trace-every")} must be at least 1, not {value}");
    } = 1;

    /// <summary>
    /// The most trace entries kept. When a run would record more, every other entry is dropped and the stride doubles,
    /// so the trace still spans the whole run; storage is allocated once, before the first iteration.
    /// </summary>
    public int TraceCapacity
    {
        get;
        init => field = value >= 4 ? value : throw new InputException($"the trace capacity must be at least 4, not {value}");
    } = 10_000;

    /// <summary>
    /// Whether each trace entry keeps the optimizer's declared state (<see cref="TraceEntry.State"/>: Adam's moment
    /// estimates, momentum's velocity, …). Off by default: it stores the state's numbers with every entry.
    /// </summary>
    public bool TraceState { get; init; }

    /// <summary>Told about every iteration (progress display, live plots); null for none.</summary>
    public IRunObserver? Observer { get; init; }

    /// <summary>Ends the run cleanly, with its result, when cancelled (Ctrl+C).</summary>
    public CancellationToken Cancellation { get; init; }

    /// <summary>
    /// Bound constraints the run keeps to (null: none). The start is projected onto the box, and grad-tol measures the
    /// projected gradient x − P(x − ∇f). The method must keep to bounds itself (<see cref="IBoundConstrainedMethod"/>).
    /// </summary>
    public Bounds? Bounds { get; init; }

    /// <summary>The function's name as the result reports it.</summary>
    public string FunctionName { get; init; } = "f";
}
