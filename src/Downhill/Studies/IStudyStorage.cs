using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>A study as storage knows it: its id there and its definition.</summary>
/// <param name="Id">The study's row id.</param>
/// <param name="Definition">Its definition.</param>
/// <param name="EndedWhenJoined">Evaluations that had ended before this worker joined.</param>
public sealed record StudyHandle(long Id, StudyDefinition Definition, int EndedWhenJoined);

/// <summary>An evaluation a worker holds: renew its lease, report, end it or give it back.</summary>
/// <param name="Study">The study.</param>
/// <param name="Request">What to run.</param>
/// <param name="Worker">Who holds it.</param>
/// <param name="Attempt">Which claim of this evaluation this is (1 the first; more after a worker died holding it).</param>
public sealed record Claim(StudyHandle Study, TrialRequest Request, string Worker, int Attempt);

/// <summary>An evaluation's end as its worker reports it.</summary>
/// <param name="Claim">The claim it ran under.</param>
/// <param name="Outcome">Its outcome.</param>
/// <param name="Seconds">Its wall time.</param>
public sealed record TrialEnd(Claim Claim, TrialOutcome Outcome, double Seconds);

/// <summary>What one process did on a study.</summary>
/// <param name="Study">The study as it joined it.</param>
/// <param name="Ended">The (number, rung) of each evaluation this process ended.</param>
public sealed record StudyWork(StudyHandle Study, IReadOnlySet<(int Number, int Rung)> Ended);

/// <summary>Where a study stands: whether its last stage has closed, and how many evaluations wait or run.</summary>
public sealed record StudyStatus(bool Done, int Queued, int Running);

/// <summary>One study in a storage, for listings.</summary>
public sealed record StudySummary(string Name, string Plan, int Trials, int Ended, int Running, int Pruned, int Failed, bool Done,
    DateTimeOffset Created);

/// <summary>Everything stored about a study: its rounds' ranges and every evaluation, ended or not.</summary>
public sealed record StudySnapshot(StudyDefinition Definition, bool Done, IReadOnlyList<IReadOnlyList<SearchRange>> RoundRanges,
    IReadOnlyList<Trial> Evaluations, IReadOnlyList<TrialLoss> Losses)
{
    /// <summary>The evaluations that ended (finished, pruned or failed).</summary>
    public IReadOnlyList<Trial> Ended => Evaluations.Where(t => t.State is TrialState.Finished or TrialState.Pruned or TrialState.Failed).ToList();
}

/// <summary>An attempt lost because its worker stopped renewing its lease: the history of a retried trial.</summary>
public sealed record TrialLoss(int Number, int Rung, int Attempt, string Worker, DateTimeOffset Started, DateTimeOffset Lost, bool Requeued);

/// <summary>
/// A study shared by any number of workers: one short transaction per call. Trials are claimed in blocks of one or
/// more (the lowest-numbered queued evaluations); a claim holds a lease that its worker renews, and an evaluation
/// whose lease ran out is queued again (at most the study's retries) for another worker, which claims it alone. The
/// first claim to find a stage's evaluations all ended closes it and computes the next stage in the same transaction.
/// </summary>
public interface IStudyStorage : IDisposable
{
    /// <summary>Where the storage is, for messages (a path, or a URL without its password).</summary>
    string Location { get; }

    /// <summary>
    /// Creates the study with its first stage, or checks that the stored one has the same plan (an
    /// <see cref="InputException"/> when not).
    /// </summary>
    StudyHandle Join(StudyDefinition definition);

    /// <summary>
    /// Re-queues (or fails, past the retries) evaluations whose lease ran out, then claims for <paramref name="worker"/>
    /// up to <paramref name="count"/> of the lowest-numbered queued evaluations, in number order; none when none is
    /// queued. An evaluation queued again after its worker died is claimed alone.
    /// </summary>
    IReadOnlyList<Claim> TryClaim(StudyHandle study, string worker, TimeSpan lease, int count = 1);

    /// <summary>
    /// Extends the leases of <paramref name="claims"/>, all held by one worker; returns those it no longer holds (their
    /// leases ran out and another worker took them).
    /// </summary>
    IReadOnlyList<Claim> Renew(IReadOnlyList<Claim> claims, TimeSpan lease);

    /// <summary>
    /// Re-queues (or fails, past the retries) the evaluations whose lease ran out, as a claim that finds one does: for
    /// a worker that waits on other trials rather than claiming, so that a dead worker's trial cannot hold it forever.
    /// </summary>
    void ExpireLapsed(StudyHandle study);

    /// <summary>
    /// Stores the metric after an epoch and renews the lease; null when the claim was lost. With
    /// <paramref name="referenceFrom"/>, it also returns, read after the metric is stored and in the same call, what
    /// <see cref="Reference"/> from there at this epoch returns (a pruning decision's first look, without a second
    /// round trip to the storage); without it, an empty list.
    /// </summary>
    IReadOnlyList<ReferenceEntry>? Report(Claim claim, int epoch, double value, TimeSpan lease, int? referenceFrom = null);

    /// <summary>
    /// The lowest-numbered evaluations from <paramref name="from"/> up to (not including) the claim's, at rung 0: their
    /// state, last reported epoch and metric at <paramref name="epoch"/> (NaN where none).
    /// </summary>
    IReadOnlyList<ReferenceEntry> Reference(Claim claim, int from, int epoch);

    /// <summary>Ends the evaluation with its outcome, closing its stage when it was the last; false when the claim was lost.</summary>
    bool End(Claim claim, TrialOutcome outcome, double seconds);

    /// <summary>
    /// Ends the evaluations as <see cref="End"/> does, then claims the next block as <see cref="TryClaim"/> does for the
    /// same worker, in one call (a worker going from one block of trials to the next): the claims whose end held, and
    /// the next claims (none when none is queued).
    /// </summary>
    (IReadOnlyList<Claim> Ended, IReadOnlyList<Claim> Next) EndAndClaim(IReadOnlyList<TrialEnd> ends, int count, TimeSpan lease);

    /// <summary>Gives the evaluation back to the queue without counting the attempt; false when the claim was lost.</summary>
    bool Release(Claim claim);

    /// <summary>Where the study stands.</summary>
    StudyStatus Status(StudyHandle study);

    /// <summary>Everything stored about the study named <paramref name="name"/>; an <see cref="InputException"/> when there is none.</summary>
    StudySnapshot Read(string name);

    /// <summary>Every study in the storage, by name.</summary>
    IReadOnlyList<StudySummary> List();
}

/// <summary>A lower-numbered evaluation as a pruning decision sees it.</summary>
/// <param name="Number">Its trial number.</param>
/// <param name="State">Its state.</param>
/// <param name="Value">Its metric at the epoch asked about, or null when it has not reported that epoch.</param>
public sealed record ReferenceEntry(int Number, TrialState State, double? Value);
