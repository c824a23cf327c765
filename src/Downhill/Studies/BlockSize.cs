using System.Numerics;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// How many trials a worker claims at once. One until it has timed a trial, and always when the study prunes: a
/// pruning decision reads the lower-numbered trials' metrics, which a block would hold back until its last trial
/// ends. Otherwise enough trials to cover about <see cref="Covered"/> of work, so that a round trip to the storage
/// costs little against the trials it carries (one per trial cost a fast study a quarter of its throughput), but
/// at most a sixteenth of what is left of the round, so that a round's last trials are shared out among the
/// workers rather than held by a few while the others wait at the round's barrier; rounded down to a power of two.
/// </summary>
internal sealed class BlockSize(TuneOptions options)
{
    /// <summary>Seconds of trials a block should cover.</summary>
    internal const double Covered = 0.2;

    /// <summary>The most trials in a block.</summary>
    internal const int Largest = 64;

    private double _seconds;
    private int _trials;

    /// <summary>Counts a trial this worker ran, and its wall time.</summary>
    public void Ran(double seconds) => (_seconds, _trials) = (_seconds + seconds, _trials + 1);

    /// <summary>The size of the next block, after the block that ended with <paramref name="last"/> (null: at a barrier or the start).</summary>
    public int Next(TrialRequest? last)
    {
        if (_trials == 0 || options.Pruning.Rule != PruningRule.None) return 1;
        double mean = _seconds / _trials;
        int covering = mean > 0 ? (int)Math.Clamp(Math.Ceiling(Covered / mean), 1, Largest) : Largest;
        int left = options.TrialsPerRound - (last is null ? 0 : last.Index + 1);
        // A power of two: the SQL storages' claims come in those sizes (a prepared statement each), and would round down.
        return 1 << BitOperations.Log2((uint)Math.Max(1, Math.Min(covering, left / 16)));
    }

    /// <summary>
    /// The longest pause between two looks at a study with nothing queued (its last trials running elsewhere, or a
    /// round waiting for them): four of this worker's mean trial times, between 5 ms and <paramref name="max"/>. So a
    /// worker sees the study or the round close within a few trials' time of it, and polls no more often than it
    /// claimed while it ran trials; <paramref name="max"/> until it has timed a trial.
    /// </summary>
    public TimeSpan IdlePause(TimeSpan max) =>
        _trials == 0 ? max : TimeSpan.FromSeconds(Math.Clamp(4 * _seconds / _trials, 0.005, Math.Max(0.005, max.TotalSeconds)));
}
