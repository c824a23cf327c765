namespace Downhill.Analysis.Tuning;

/// <summary>
/// Where a study keeps its finished trials, so a re-run continues where a killed one stopped. Each evaluation is
/// saved the moment it finishes, in its own transaction: a trial cut off half-way leaves nothing behind and is run
/// again; a finished one is read back and never run twice.
/// </summary>
public interface IStudyStore : IDisposable
{
    /// <summary>Ties the store to a study; throws <see cref="InputException"/> when it holds trials of a different one.</summary>
    void Bind(string description);

    /// <summary>The stored outcome of evaluation (round, index, rung) and the settings it was run with, if it finished before.</summary>
    bool TryLoad(int round, int index, int rung, out TrialOutcome outcome, out string settings);

    /// <summary>Saves one finished evaluation (safe to call from several threads).</summary>
    void Save(TrialRequest request, TrialOutcome outcome, string settings, double seconds);
}
