using System.Collections.Concurrent;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// One process's trials spread over itself and processes that run trials for it (<see cref="RemoteTrialRunner"/>):
/// <see cref="Count"/> slots, each running one trial at a time, for a <see cref="StudyRunner"/> with as many threads.
/// The process holds every claim and talks to the storage alone; the others only compute. A runner that goes away
/// mid-trial (killed, crashed) leaves its slots to this process, which runs that trial again from its start: its worker
/// died, so it may run twice, as a trial whose worker dies does in any study.
/// </summary>
public sealed class TrialSlots
{
    private readonly TrialObjective _local;
    private readonly BlockingCollection<RemoteTrialRunner?> _free = [];

    /// <summary>
    /// Slots for <paramref name="local"/> run here (<paramref name="localSlots"/> of them) and for each of
    /// <paramref name="runners"/> (<paramref name="slotsEach"/>: the trials each runs at once).
    /// </summary>
    public TrialSlots(TrialObjective local, int localSlots, IEnumerable<RemoteTrialRunner> runners, int slotsEach)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(runners);
        ArgumentOutOfRangeException.ThrowIfNegative(localSlots);
        ArgumentOutOfRangeException.ThrowIfLessThan(slotsEach, 1);
        _local = local;
        for (int k = 0; k < localSlots; k++) _free.Add(null);
        foreach (var runner in runners)
            for (int k = 0; k < slotsEach; k++) _free.Add(runner);
        Count = _free.Count;
        if (Count == 0) throw new ArgumentOutOfRangeException(nameof(localSlots), "no slot to run trials in: give local slots or runners");
    }

    /// <summary>Trials that can run at once: the threads a study's worker should run with.</summary>
    public int Count { get; }

    /// <summary>Runs the trial in a free slot: the objective for the study's worker.</summary>
    public TrialOutcome Run(ITrialContext trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        while (true)
        {
            var runner = _free.Take();
            if (runner is null)
            {
                try
                {
                    return _local(trial);
                }
                finally
                {
                    _free.Add(null);
                }
            }
            try
            {
                var outcome = runner.Run(trial);
                _free.Add(runner);
                return outcome;
            }
            catch (TrialRunnerLostException)
            {
                // This process takes the lost runner's slot; the trial starts again here.
                _free.Add(null);
            }
            catch
            {
                _free.Add(runner);
                throw;
            }
        }
    }
}
