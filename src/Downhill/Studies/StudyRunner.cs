using System.Collections.Concurrent;
using System.Diagnostics;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// A worker: joins a study in a storage, then claims, runs and ends trials until the study is done, with as many
/// threads as asked; every process that does the same on the same storage shares the study's budget. When there is
/// nothing to claim (a stage waits for its last trials, running elsewhere) it looks again after a pause that starts
/// short and doubles. At the end it reads the whole study: every worker returns the same report.
/// </summary>
public static class StudyRunner
{
    /// <summary>Joins (or creates) the study and works on it until it is done; returns the study's report.</summary>
    /// <param name="storage">Where the study lives.</param>
    /// <param name="definition">The study; a stored one of the same name must have the same plan.</param>
    /// <param name="objective">Runs one trial.</param>
    /// <param name="worker">This process's threads, name and leases.</param>
    /// <param name="cancel">Stops claiming; trials running then are given back, unfinished, to the queue.</param>
    public static TuneReport Run(IStudyStorage storage, StudyDefinition definition, TrialObjective objective, WorkerOptions? worker = null,
        CancellationToken cancel = default)
    {
        var work = Work(storage, definition, objective, worker, cancel);
        var snapshot = storage.Read(definition.Name);
        var ranked = snapshot.Ended.Select(t => work.Ended.Contains((t.Request.Number, t.Request.Rung)) ? t with { Stored = false } : t).ToList();
        return NarrowingSearch.Report(snapshot.RoundRanges, ranked, definition.Options, work.Ended.Count, work.Study.EndedWhenJoined)
               ?? throw new InvalidOperationException($"study '{definition.Name}' is done but no trial of it ended");
    }

    /// <summary>
    /// Joins (or creates) the study and works on it until it is done, as <see cref="Run(IStudyStorage, StudyDefinition,
    /// TrialObjective, WorkerOptions?, CancellationToken)"/> does, without reading the study's result: for a worker
    /// whose result another process reads (one of the processes <c>--workers</c> starts).
    /// </summary>
    /// <returns>The study as joined, and the evaluations this process ended.</returns>
    public static StudyWork Work(IStudyStorage storage, StudyDefinition definition, TrialObjective objective, WorkerOptions? worker = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(objective);
        (worker ?? new WorkerOptions()).Validate();
        return Work(storage, storage.Join(definition), objective, worker, cancel);
    }

    /// <summary>
    /// Works on a study this process has joined until it is done, as <see cref="Work(IStudyStorage, StudyDefinition,
    /// TrialObjective, WorkerOptions?, CancellationToken)"/> does: for a process that joined it before starting other
    /// workers (<c>--workers</c>), so that what it counts as ended before it joined is what it found.
    /// </summary>
    /// <param name="storage">Where the study lives.</param>
    /// <param name="study">The study as <see cref="IStudyStorage.Join"/> returned it.</param>
    /// <param name="objective">Runs one trial.</param>
    /// <param name="worker">This process's threads, name and leases.</param>
    /// <param name="cancel">Stops claiming; trials running then are given back, unfinished, to the queue.</param>
    /// <returns>The study, and the evaluations this process ended.</returns>
    public static StudyWork Work(IStudyStorage storage, StudyHandle study, TrialObjective objective, WorkerOptions? worker = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(objective);
        worker ??= new WorkerOptions();
        worker.Validate();
        int threads = worker.ThreadCount;
        var ended = new ConcurrentDictionary<(int, int), bool>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var failures = new ConcurrentQueue<Exception>();
        var workers = Enumerable.Range(1, threads).Select(k => new Thread(() =>
        {
            try
            {
                new Worker(storage, study, objective, worker, $"{worker.Name}:{k}", ended).Work(stop.Token);
            }
            catch (Exception e)
            {
                failures.Enqueue(e);
                stop.Cancel();
            }
        }) { IsBackground = true, Name = $"study worker {k}" }).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());
        if (!failures.IsEmpty) throw failures.FirstOrDefault(e => e is InputException) ?? failures.First();
        cancel.ThrowIfCancellationRequested();
        return new StudyWork(study, ended.Keys.ToHashSet());
    }

    /// <summary>
    /// Runs a study in this process alone, in memory (threads as <see cref="TuneOptions.Threads"/> says): trials
    /// reporting nothing per epoch, such as minimizing a function.
    /// </summary>
    public static TuneReport Run(IReadOnlyList<SearchRange> ranges, Func<TrialRequest, TrialOutcome> evaluate, TuneOptions options,
        string objective = "")
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        using var storage = StudyStorage.InMemory();
        return Run(storage, new StudyDefinition(StudyDefinition.DefaultName, objective, ranges, options), trial => evaluate(trial.Request),
            new WorkerOptions { Threads = options.Threads, Heartbeat = TimeSpan.FromMinutes(10) });
    }

    /// <summary>One worker thread: claims a block of trials, runs them with a heartbeat, ends them; until the study is done.</summary>
    private sealed class Worker(IStudyStorage storage, StudyHandle study, TrialObjective objective, WorkerOptions options, string name,
        ConcurrentDictionary<(int, int), bool> ended)
    {
        private readonly PruningReference _reference = new(storage);
        private readonly BlockSize _size = new(study.Definition.Options);

        public void Work(CancellationToken cancel)
        {
            var pause = new Pause(options.MaxPoll);
            using var heartbeat = new Heartbeat(storage, options);
            IReadOnlyList<Claim> next = [];
            while (!cancel.IsCancellationRequested)
            {
                var block = next.Count > 0 ? next : storage.TryClaim(study, name, options.Lease, _size.Next(last: null));
                if (block.Count == 0)
                {
                    if (storage.Status(study).Done) return;
                    pause.Wait(cancel, _size.IdlePause(options.MaxPoll));
                    continue;
                }
                pause.Reset();
                next = Run(block, heartbeat, cancel);
            }
            // Stopped between claiming the next block and starting it: give it back unrun.
            foreach (var claim in next) storage.Release(claim);
        }

        /// <summary>
        /// Runs the block's trials in order, then ends them and claims the next block in one call; returns that block
        /// (none when the worker stops mid-block or nothing is queued).
        /// </summary>
        private IReadOnlyList<Claim> Run(IReadOnlyList<Claim> block, Heartbeat heartbeat, CancellationToken cancel)
        {
            var ends = new List<TrialEnd>(block.Count);
            heartbeat.Hold(block);
            try
            {
                for (int k = 0; k < block.Count; k++)
                {
                    var claim = block[k];
                    // Its lease ran out while the trials before it ran (a stalled machine): another worker has it.
                    if (heartbeat.Lost(claim)) continue;
                    using var trial = new TrialContext(storage, claim, options, _reference, cancel);
                    var clock = Stopwatch.StartNew();
                    TrialOutcome outcome;
                    heartbeat.Watch(trial);
                    try
                    {
                        outcome = objective(trial);
                    }
                    catch
                    {
                        heartbeat.Watch(null);
                        Stop(block, trial.Lost ? k + 1 : k, ends);
                        throw;
                    }
                    heartbeat.Watch(null);
                    if (trial.Lost || trial.Yielded || cancel.IsCancellationRequested)
                    {
                        // What ran is ended; this trial (unless another worker has it now) and the rest go back to the queue.
                        Stop(block, trial.Lost ? k + 1 : k, ends);
                        return [];
                    }
                    if (trial.Pruned) outcome = outcome with { Stop = "pruned", Pruned = true };
                    double seconds = clock.Elapsed.TotalSeconds;
                    _size.Ran(seconds);
                    ends.Add(new TrialEnd(claim, outcome, seconds));
                }
                if (ends.Count == 0) return [];
                var (endedNow, next) = storage.EndAndClaim(ends, _size.Next(last: block[^1].Request), options.Lease);
                foreach (var claim in endedNow) Ended(claim);
                return next;
            }
            finally
            {
                heartbeat.Hold([]);
            }
        }

        /// <summary>A worker stopping mid-block: ends the trials that ran and gives back the block's claims from <paramref name="unrun"/> on.</summary>
        private void Stop(IReadOnlyList<Claim> block, int unrun, List<TrialEnd> ends)
        {
            foreach (var end in ends)
                if (storage.End(end.Claim, end.Outcome, end.Seconds)) Ended(end.Claim);
            for (int k = unrun; k < block.Count; k++) storage.Release(block[k]);
        }

        /// <summary>Counts an evaluation this process ended (its report marks it as run now, not read from storage).</summary>
        private void Ended(Claim claim) => ended[(claim.Request.Number, claim.Request.Rung)] = true;
    }

    /// <summary>
    /// Renews the leases of the block its worker holds, from a thread of its own so a busy trial never misses one, and
    /// stops the running trial when its claim is lost.
    /// </summary>
    private sealed class Heartbeat : IDisposable
    {
        private readonly IStudyStorage _storage;
        private readonly WorkerOptions _options;
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private volatile IReadOnlyList<Claim> _held = [];
        private volatile IReadOnlyList<Claim> _lost = [];
        private volatile TrialContext? _current;

        public Heartbeat(IStudyStorage storage, WorkerOptions options)
        {
            (_storage, _options) = (storage, options);
            _thread = new Thread(Beat) { IsBackground = true, Name = "study heartbeat", Priority = ThreadPriority.AboveNormal };
            _thread.Start();
        }

        /// <summary>The claims to renew: the block the worker runs, until its ends are stored.</summary>
        public void Hold(IReadOnlyList<Claim> block) => (_held, _lost) = (block, []);

        /// <summary>The trial to stop when its claim is lost.</summary>
        public void Watch(TrialContext? trial) => _current = trial;

        /// <summary>Whether a renewal found <paramref name="claim"/> taken by another worker.</summary>
        public bool Lost(Claim claim) => _lost.Contains(claim);

        private void Beat()
        {
            while (!_stop.Token.WaitHandle.WaitOne(_options.Heartbeat))
            {
                var held = _held;
                if (held.Count == 0) continue;
                try
                {
                    var lost = _storage.Renew(held, _options.Lease);
                    if (lost.Count == 0) continue;
                    _lost = lost;
                    if (_current is { } trial && lost.Contains(trial.Claim)) trial.Lose();
                }
                catch (Exception)
                {
                    // The storage stayed away past its retries: the leases will lapse and other workers will take the trials.
                    _current?.Lose();
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
        }
    }

    /// <summary>A claim being run: its reports, the pruning decisions, and whether it was lost, yielded or pruned.</summary>
    private sealed class TrialContext(IStudyStorage storage, Claim claim, WorkerOptions options, PruningReference reference, CancellationToken outer)
        : ITrialContext, IDisposable
    {
        private readonly CancellationTokenSource _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        private volatile bool _lost;

        public Claim Claim => claim;
        public TrialRequest Request => claim.Request;
        public CancellationToken Cancellation => _cancel.Token;
        public bool Lost => _lost;
        public bool Pruned { get; private set; }
        public bool Yielded { get; private set; }

        /// <summary>Marks the claim lost and stops the trial; safe from the heartbeat thread even after the trial ended.</summary>
        public void Lose()
        {
            _lost = true;
            try
            {
                _cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The trial ended between the heartbeat's look and its renewal: nothing left to stop.
            }
        }

        public bool Report(int epoch, double metric)
        {
            if (_lost || _cancel.IsCancellationRequested) return false;
            var pruning = claim.Study.Definition.Options.Pruning;
            bool checks = pruning.Checks(epoch);
            // The pruning decision's first look at the other trials rides on the report's own round trip.
            var first = storage.Report(claim, epoch, metric, options.Lease, checks ? reference.From(claim, epoch) : null);
            if (first is null)
            {
                Lose();
                return false;
            }
            if (!checks) return true;
            var pause = new Pause(options.MaxPoll);
            var waited = Stopwatch.StartNew();
            for (var entries = first; ; entries = null)
            {
                // Waiting longer than a lease on a lower-numbered trial: its worker may be dead, and when every live
                // worker waits here no claim would ever expire its lease. Expire lapsed leases then, as a claim would:
                // the trial is queued again and this one yields to it.
                if (entries is null && waited.Elapsed > options.Lease) storage.ExpireLapsed(claim.Study);
                var (others, waiting) = reference.Collect(claim, epoch, entries);
                if (waiting == Waiting.None)
                {
                    Pruned = pruning.Prunes(metric, others, claim.Study.Definition.Options.Maximize);
                    return !Pruned;
                }
                if (waiting == Waiting.OnQueued)
                {
                    // A lower-numbered trial lost its worker and waits in the queue: take it first, run this one again later.
                    Yielded = true;
                    return false;
                }
                pause.Wait(_cancel.Token);
                if (_lost || _cancel.IsCancellationRequested) return false;
            }
        }

        public void Dispose() => _cancel.Dispose();
    }

    private enum Waiting { None, OnRunning, OnQueued }

    /// <summary>
    /// The metrics that a trial's pruning decision compares with: those of the lower-numbered trials that reached the
    /// epoch. What is settled below a watermark (reported, or ended before the epoch) is kept, so each decision reads
    /// only the few trials above it, however many the study holds.
    /// </summary>
    private sealed class PruningReference(IStudyStorage storage)
    {
        private readonly Dictionary<int, (int Watermark, List<(int Number, double Value)> Values)> _settled = [];

        /// <summary>Where the next read of the storage for this claim and epoch starts: the settled watermark, or null when it covers the claim.</summary>
        public int? From(Claim claim, int epoch)
        {
            int watermark = _settled.TryGetValue(epoch, out var settled) ? settled.Watermark : 0;
            return watermark >= claim.Request.Number ? null : watermark;
        }

        /// <summary>
        /// The metrics of the lower-numbered trials at the epoch, and what they still wait on; <paramref name="fetched"/>
        /// is the storage's answer from <see cref="From"/> when the caller already has it, else the storage is read.
        /// </summary>
        public (IReadOnlyList<double> Values, Waiting Waiting) Collect(Claim claim, int epoch, IReadOnlyList<ReferenceEntry>? fetched = null)
        {
            if (!_settled.TryGetValue(epoch, out var settled)) settled = (0, []);
            int number = claim.Request.Number;
            var values = settled.Values.Where(v => v.Number < number).Select(v => v.Value).ToList();
            if (settled.Watermark >= number) return (values, Waiting.None);
            var waiting = Waiting.None;
            int watermark = settled.Watermark;
            foreach (var entry in fetched ?? storage.Reference(claim, settled.Watermark, epoch))
            {
                bool resolved = entry.Value is not null || entry.State is TrialState.Finished or TrialState.Pruned or TrialState.Failed;
                if (!resolved)
                {
                    waiting = entry.State == TrialState.Queued ? Waiting.OnQueued : waiting == Waiting.OnQueued ? waiting : Waiting.OnRunning;
                    continue;
                }
                if (entry.Value is { } value) values.Add(value);
                if (waiting == Waiting.None)
                {
                    watermark = entry.Number + 1;
                    if (entry.Value is { } kept) settled.Values.Add((entry.Number, kept));
                }
            }
            _settled[epoch] = (watermark, settled.Values);
            return (values, waiting);
        }
    }

    /// <summary>Pauses that start at 5 ms and double up to a cap.</summary>
    private sealed class Pause(TimeSpan max)
    {
        private TimeSpan _next = TimeSpan.FromMilliseconds(5);

        /// <summary>Waits the next pause, at most <paramref name="cap"/> when given (else the cap it was made with).</summary>
        public void Wait(CancellationToken cancel, TimeSpan? cap = null)
        {
            var limit = cap ?? max;
            if (_next > limit) _next = limit;
            cancel.WaitHandle.WaitOne(_next);
            _next = TimeSpan.FromTicks(Math.Min(limit.Ticks, _next.Ticks * 2));
        }

        public void Reset() => _next = TimeSpan.FromMilliseconds(5);
    }
}
