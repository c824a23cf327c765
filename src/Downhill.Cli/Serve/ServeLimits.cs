namespace Downhill.Cli.Serve;

/// <summary>
/// What the playground server accepts from a page it cannot trust (it evaluates typed text): the size of what is
/// asked, how much may run at once, and how long a request may compute. Past a limit the answer is 400 (a parameter),
/// 413 (the request) or 429 (too many at once), each with a message; past the time budget a request ends with what it
/// computed (its runs stop as "cancelled").
/// </summary>
internal sealed record ServeLimits
{
    /// <summary>Characters in a function's text (-f).</summary>
    public int MaxExpressionLength { get; init; } = 500;

    /// <summary>Variables of a function (--dim, --vars, or those an expression uses).</summary>
    public int MaxVariables { get; init; } = 10;

    /// <summary>--max-iter of each run.</summary>
    public long MaxIterations { get; init; } = 100_000;

    /// <summary>Methods raced in one compare (-o repeated).</summary>
    public int MaxOptimizers { get; init; } = 8;

    /// <summary>Points per side of a sampled grid (plot --resolution).</summary>
    public int MaxGridSide { get; init; } = 401;

    /// <summary>Starts per side of a basin map (basins --grid).</summary>
    public int MaxBasinGrid { get; init; } = 100;

    /// <summary>Starts of a critical-point search (critical --starts).</summary>
    public int MaxCriticalStarts { get; init; } = 20_000;

    /// <summary>Hidden layers of a network trained for /api/landscape (the numbers in its -m spec).</summary>
    public int MaxHiddenLayers { get; init; } = 3;

    /// <summary>Units in each hidden layer of a network trained for /api/landscape.</summary>
    public int MaxHiddenWidth { get; init; } = 64;

    /// <summary>Full-batch training steps for /api/landscape (--steps).</summary>
    public int MaxTrainingSteps { get; init; } = 1_000;

    /// <summary>Points per side of a loss slice (landscape --grid).</summary>
    public int MaxSliceGrid { get; init; } = 41;

    /// <summary>Rows a loss slice is measured on (landscape --rows).</summary>
    public int MaxSliceRows { get; init; } = 2_000;

    /// <summary>Characters in a request's target (path and query); the request body must be empty.</summary>
    public int MaxRequestLength { get; init; } = 8_192;

    /// <summary>Requests computing at once in each lane (light and heavy); more wait in a short queue, then get 429.</summary>
    public int MaxConcurrent { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>Requests waiting for a place in the light lane; past it, 429.</summary>
    public int MaxQueuedLight { get; init; } = 32;

    /// <summary>Requests waiting for a place in the heavy lane (basins, critical points, sweeps, long races); past it, 429.</summary>
    public int MaxQueuedHeavy { get; init; } = 2;

    /// <summary>Work a race may do and still count as light: optimizers × iterations.</summary>
    public long LightIterations { get; init; } = 50_000;

    /// <summary>How long one request may compute before its runs are stopped and it answers what it has.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(2);
}
