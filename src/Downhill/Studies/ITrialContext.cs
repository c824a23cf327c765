using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>What a running trial sees: what to run, where to report its metric after each epoch, and when to stop.</summary>
public interface ITrialContext
{
    /// <summary>The evaluation to run.</summary>
    TrialRequest Request { get; }

    /// <summary>Cancelled when the trial must stop now (the worker is stopping, or its claim was lost).</summary>
    CancellationToken Cancellation { get; }

    /// <summary>
    /// Stores the metric after <paramref name="epoch"/> (1-based) and applies the study's pruning rule: false means
    /// stop now (pruned, or the trial was lost to another worker), true go on.
    /// </summary>
    bool Report(int epoch, double metric);
}

/// <summary>Runs one trial of a study: deterministic in its request, safe to call from several threads.</summary>
public delegate TrialOutcome TrialObjective(ITrialContext trial);
