namespace Downhill.Stopping;

/// <summary>Why a run ended. Every one is an outcome, not an error.</summary>
public enum StopReason
{
    /// <summary>The iteration cap was reached.</summary>
    MaxIter,
    /// <summary>‖∇f‖ fell to the gradient tolerance.</summary>
    GradTol,
    /// <summary>The relative change of f fell to its tolerance.</summary>
    FTol,
    /// <summary>The step length fell to its tolerance.</summary>
    XTol,
    /// <summary>The best f did not improve by more than min-delta for the patience window.</summary>
    Patience,
    /// <summary>f reached the target value.</summary>
    Target,
    /// <summary>The time limit passed.</summary>
    TimeLimit,
    /// <summary>The caller cancelled (Ctrl+C).</summary>
    Cancelled,
    /// <summary>f, x or ∇f stopped being finite, or f grew past the divergence bound.</summary>
    Diverged,
}

/// <summary>The names of stop reasons as the command and the JSON write them.</summary>
public static class StopReasonNames
{
    /// <summary>The kebab-case name used in output and JSON: "max-iter", "grad-tol", …, "diverged".</summary>
    public static string ToName(this StopReason reason) => reason switch
    {
        StopReason.MaxIter => "max-iter",
        StopReason.GradTol => "grad-tol",
        StopReason.FTol => "f-tol",
        StopReason.XTol => "x-tol",
        StopReason.Patience => "patience",
        StopReason.Target => "target",
        StopReason.TimeLimit => "time-limit",
        StopReason.Cancelled => "cancelled",
        StopReason.Diverged => "diverged",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>True for the reasons that mean the run found what it looked for (a small gradient, step or change, or the target).</summary>
    public static bool IsConverged(this StopReason reason) =>
        reason is StopReason.GradTol or StopReason.FTol or StopReason.XTol or StopReason.Target or StopReason.Patience;
}
