using System.Data.Common;
using System.Numerics;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// The study storage in SQL, shared by SQLite and PostgreSQL (their differences are a <see cref="SqlDialect"/> and
/// how a transaction is opened). Every call is one short transaction; see <see cref="IStudyStorage"/>.
/// </summary>
internal abstract class SqlStudyStorage : IStudyStorage
{
    private const string Queued = "queued", Running = "running", Finished = "finished", Pruned = "pruned", Failed = "failed";

    /// <summary>
    /// The claims of 1, 2, 4, … <see cref="LargestClaim"/> evaluations, written once for the dialect (the drivers
    /// prepare each by its text). The block's size is in the text, not a parameter: PostgreSQL plans a prepared
    /// statement for any value of a parameter LIMIT by guessing a tenth of the table, which makes a hash join over every
    /// trial of the study the cheaper plan, so it planned the statement again at each call instead (about 0.3 ms).
    /// </summary>
    private readonly string[] _claimSql;

    /// <summary>The most evaluations one claim takes.</summary>
    internal const int LargestClaim = 64;

    protected SqlStudyStorage(SqlDialect dialect)
    {
        Dialect = dialect;
        // Claims up to n of the lowest-numbered queued evaluations (none when none is queued), then looks for lapsed
        // leases. (A block that takes an evaluation queued again after its worker died keeps only what comes before
        // it, or it alone: see Kept.) The selection is materialized, so it runs once: as a subquery of IN, PostgreSQL
        // may plan it as the inner side of a nested-loop semi join, run again for each row of the study, where each run
        // skips the rows the update has just taken and locks the next, so a claim of one took every queued trial.
        // Ordered by number alone, the order of the queued index, which it reads no further than the block: queued
        // evaluations are one stage's, one rung each (a stage is queued when the one before it has all ended), and
        // ordered by (number, rung) it read and sorted every queued evaluation of the study at each claim.
        _claimSql = [.. Enumerable.Range(0, BitOperations.Log2(LargestClaim) + 1).Select(k => $"""
            WITH picked AS MATERIALIZED (
                SELECT number, rung FROM downhill_trials WHERE study_id = @s AND state = '{Queued}'
                ORDER BY number LIMIT {1 << k}{dialect.SkipLocked})
            UPDATE downhill_trials
            SET state = '{Running}', worker = @w, attempts = attempts + 1, started_at = {dialect.Now},
                lease_until = {dialect.Now} + @lease, ended_at = NULL
            WHERE study_id = @s AND (number, rung) IN (SELECT number, rung FROM picked)
            RETURNING number, rung, round, idx, settings, budget, seed, attempts;
            SELECT EXISTS (SELECT 1 FROM downhill_trials WHERE study_id = @s AND state = '{Running}' AND lease_until < {dialect.Now})
            """)];
    }

    /// <summary>The claim of the largest power of two of evaluations, up to <see cref="LargestClaim"/>, not above <paramref name="count"/>.</summary>
    private string ClaimSql(int count) => _claimSql[BitOperations.Log2((uint)Math.Clamp(count, 1, LargestClaim))];

    protected SqlDialect Dialect { get; }

    public abstract string Location { get; }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction (a writing one takes the write lock up front). Commits need not
    /// wait for the disk unless <paramref name="durable"/>: a claim, renewal, report, release or end lost in a server
    /// crash only makes a lease look older or a trial run again with the same result, while a flush per call would
    /// queue every worker of the study behind the disk. Creating a study and its schema waits for the disk.
    /// </summary>
    protected abstract T Transact<T>(bool write, Func<DbConnection, DbTransaction?, T> work, bool durable = false);

    /// <summary>
    /// Runs <paramref name="work"/>, which issues exactly one command (its statements separated by semicolons), as one
    /// transaction with a relaxed commit: on PostgreSQL the command's own implicit transaction, so the call is one
    /// round trip to the server (an explicit one would add a round trip for its COMMIT). The per-trial calls go this way.
    /// </summary>
    protected abstract T Statement<T>(bool write, Func<DbConnection, DbTransaction?, T> work);

    /// <summary>Whether the table exists.</summary>
    protected abstract bool TableExists(DbConnection connection, DbTransaction? transaction, string table);

    /// <summary>Creates the tables, or migrates them, or refuses a storage this build cannot read; in one transaction.</summary>
    protected void PrepareSchema(Action<DbConnection, DbTransaction?>? beforeChecks = null) =>
        Transact(write: true, (c, t) =>
        {
            beforeChecks?.Invoke(c, t);
            int version = 0;
            if (TableExists(c, t, StudySchema.VersionTable))
            {
                object? stored = Scalar(c, t, $"SELECT version FROM {StudySchema.VersionTable}");
                if (stored is not (long or int))
                    throw new InputException($"{Location}: its {StudySchema.VersionTable} table is damaged (version '{stored}')");
                version = Convert.ToInt32(stored);
                if (version > StudySchema.Current)
                    throw new InputException($"{Location} holds studies written by a newer Downhill (schema {version}; this one reads up to {StudySchema.Current}): upgrade Downhill to use it");
            }
            else
            {
                RefuseForeignTables(c, t);
            }
            for (int v = version + 1; v <= StudySchema.Current; v++)
            {
                foreach (string statement in StudySchema.Migration(v, Dialect)) Execute(c, t, statement);
                Execute(c, t, $"UPDATE {StudySchema.VersionTable} SET version = {v}");
            }
            return 0;
        }, durable: true);

    /// <summary>Refuses a storage without Downhill's version table that already holds tables of a study (or, for a file, any table).</summary>
    protected abstract void RefuseForeignTables(DbConnection connection, DbTransaction? transaction);

    public StudyHandle Join(StudyDefinition definition)
    {
        definition.Validate();
        return Transact(write: true, (c, t) =>
        {
            using (var find = Command(c, t, "SELECT id, plan, definition FROM downhill_studies WHERE name = @name", ("name", definition.Name)))
            using (var reader = find.ExecuteReader())
            {
                if (reader.Read())
                {
                    long id = reader.GetInt64(0);
                    string plan = reader.GetString(1), stored = reader.GetString(2);
                    reader.Close();
                    if (plan != definition.Plan)
                        throw new InputException(Mismatch(definition, StudyText.ReadDefinition(definition.Name, stored, $"{Location}: study '{definition.Name}'"), plan));
                    int ended = Convert.ToInt32(Scalar(c, t,
                        "SELECT COUNT(*) FROM downhill_trials WHERE study_id = @s AND ended_at IS NOT NULL", ("s", id)));
                    return new StudyHandle(id, definition, ended);
                }
            }
            long created = Convert.ToInt64(Scalar(c, t, $"""
                INSERT INTO downhill_studies (name, plan, definition, trials, created_at)
                VALUES (@name, @plan, @definition, @trials, {Dialect.Now}) RETURNING id
                """, ("name", definition.Name), ("plan", definition.Plan), ("definition", StudyText.Definition(definition)),
                ("trials", definition.Options.TotalTrials)));
            var handle = new StudyHandle(created, definition, 0);
            InsertStage(c, t, handle, NarrowingSearch.FirstStage(definition.Ranges, definition.Options));
            return handle;
        }, durable: true);
    }

    /// <summary>One line naming every setting in which the stored study differs from this one.</summary>
    private string Mismatch(StudyDefinition definition, StudyDefinition stored, string storedPlan)
    {
        var differences = stored.Differences(definition);
        // A plan written by another build may differ only in how it is written: then the plans themselves are the difference.
        if (differences.Count == 0) differences = [($"the plan '{storedPlan}'", $"'{definition.Plan}'")];
        static string Listed(IEnumerable<string> items) =>
            items.ToList() is var list && list.Count > 1 ? $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}" : list.Single();
        return $"study '{definition.Name}' in {Location} was made with {Listed(differences.Select(d => d.Mine))}; this run asks for " +
               $"{Listed(differences.Select(d => d.Theirs))}: join it with the same settings, or name another study";
    }

    private void InsertStage(DbConnection c, DbTransaction? t, StudyHandle study, TuneStage stage)
    {
        Execute(c, t, "INSERT INTO downhill_stages (study_id, round, rung, ranges) VALUES (@s, @round, @rung, @ranges)",
            ("s", study.Id), ("round", stage.Round), ("rung", stage.Rung), ("ranges", StudyText.Ranges(stage.Ranges)));
        // In chunks: one statement per trial would cost a round trip each, one for all would pass the drivers' parameter
        // limits (and SQLite's binding is quadratic in them: see RowsPerInsert).
        int chunk = Dialect.RowsPerInsert;
        for (int start = 0; start < stage.Requests.Count; start += chunk)
        {
            var rows = stage.Requests.Skip(start).Take(chunk).ToList();
            var parameters = new List<(string, object?)> { ("s", study.Id) };
            var values = rows.Select((r, k) =>
            {
                parameters.Add(($"n{k}", r.Number));
                parameters.Add(($"g{k}", r.Rung));
                parameters.Add(($"r{k}", r.Round));
                parameters.Add(($"i{k}", r.Index));
                parameters.Add(($"v{k}", StudyText.Settings(r.Settings)));
                parameters.Add(($"b{k}", r.BudgetShare));
                parameters.Add(($"e{k}", unchecked((long)r.Seed)));
                return $"(@s, @n{k}, @g{k}, @r{k}, @i{k}, @v{k}, @b{k}, @e{k}, '{Queued}', 0)";
            });
            Execute(c, t, $"""
                INSERT INTO downhill_trials (study_id, number, rung, round, idx, settings, budget, seed, state, attempts)
                VALUES {string.Join(", ", values)}
                """, parameters.ToArray());
        }
        if (Dialect.Analyze is { } analyze && stage.Requests.Count >= AnalyzedStage) Execute(c, t, analyze);
    }

    /// <summary>
    /// The stages from which on the trials table's statistics are gathered again once their trials are inserted (in the
    /// same transaction, which sees them). Without statistics on its study, PostgreSQL plans a claim's update as a scan
    /// of every trial of the study, each matched against the block: about 0.45 µs a trial, 45 ms a claim at 100,000
    /// trials, until autovacuum gets to the table. Gathering them costs up to about 0.6 s (a table of a million trials;
    /// far less on a small one), which the scans of a stage's claims pass from about 5,000 trials on.
    /// </summary>
    private const int AnalyzedStage = 5000;

    /// <summary>
    /// One command claims up to <paramref name="count"/> of the lowest-numbered queued evaluations and says whether
    /// any lease has run out. Only when one has, or nothing was queued, does a second transaction expire the lapsed
    /// leases and close the stages whose evaluations have all ended (then claims, when the first command found nothing).
    /// </summary>
    public IReadOnlyList<Claim> TryClaim(StudyHandle study, string worker, TimeSpan lease, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var (claims, lapsed) = Statement(write: true, (c, t) => ClaimNext(c, t, study, worker, lease, count));
        return Claimed(study, worker, lease, count, claims, lapsed);
    }

    /// <summary>
    /// One command ends the evaluations (as <see cref="End"/>) and claims the next block (as <see cref="TryClaim"/>):
    /// a worker going from one block of trials to the next pays one round trip. The ends change the claims' own rows
    /// only, so the claim that follows them in the same transaction sees the same queue as a claim of its own would.
    /// </summary>
    public (IReadOnlyList<Claim> Ended, IReadOnlyList<Claim> Next) EndAndClaim(IReadOnlyList<TrialEnd> ends, int count, TimeSpan lease)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var (study, worker) = Holder(ends.Select(e => e.Claim).ToList());
        var (ended, next, lapsed) = Statement(write: true, (c, t) =>
        {
            using var command = Command(c, t, $"{EndsSql(ends.Count)};\n{ClaimSql(count)}",
                [.. EndsParameters(ends, study, worker), ("lease", Milliseconds(lease))]);
            using var reader = command.ExecuteReader();
            var keys = ReadKeys(reader);
            reader.NextResult();
            var (found, lapsedLeases) = ReadClaimNext(reader, study, worker);
            return (keys, found, lapsedLeases);
        });
        return (Acknowledged(ends, ended), Claimed(study, worker, lease, count, next, lapsed));
    }

    /// <summary>
    /// The claims a first command made, when it found no lapsed lease; otherwise a second transaction expires the
    /// lapsed leases and closes the stages whose evaluations have all ended, then claims when the first found nothing.
    /// </summary>
    private IReadOnlyList<Claim> Claimed(StudyHandle study, string worker, TimeSpan lease, int count, IReadOnlyList<Claim> claims, bool lapsed)
    {
        if (claims.Count > 0 && !lapsed) return Kept(claims);
        return Kept(Transact(write: true, (c, t) =>
        {
            ExpireLeases(c, t, study);
            CloseStages(c, t, study);
            return claims.Count > 0 ? claims : ClaimNext(c, t, study, worker, lease, count).Claims;
        }));
    }

    /// <summary>Claims a block (none when nothing is queued) and looks for lapsed leases, in one command.</summary>
    private (IReadOnlyList<Claim> Claims, bool Lapsed) ClaimNext(DbConnection c, DbTransaction? t, StudyHandle study, string worker, TimeSpan lease, int count)
    {
        using var command = Command(c, t, ClaimSql(count), ("s", study.Id), ("w", worker), ("lease", Milliseconds(lease)));
        using var reader = command.ExecuteReader();
        return ReadClaimNext(reader, study, worker);
    }

    /// <summary>Reads a claim's two results: the claims in number order, and whether a lease has lapsed.</summary>
    private (IReadOnlyList<Claim> Claims, bool Lapsed) ReadClaimNext(DbDataReader reader, StudyHandle study, string worker)
    {
        var claims = new List<Claim>();
        while (reader.Read())
        {
            var request = new TrialRequest(reader.GetInt32(0), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(1),
                StudyText.ReadSettings(reader.GetString(4), $"{Location}: trial {reader.GetInt32(0)}'s settings"),
                reader.GetDouble(5), unchecked((ulong)reader.GetInt64(6)));
            claims.Add(new Claim(study, request, worker, reader.GetInt32(7)));
        }
        claims.Sort((a, b) => (a.Request.Number, a.Request.Rung).CompareTo((b.Request.Number, b.Request.Rung)));
        reader.NextResult();
        reader.Read();
        return (claims, Convert.ToBoolean(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The block a claim keeps: an evaluation queued again after its worker died (a second attempt or later) runs
    /// alone, since were it claimed with others and its worker died again, each of them would spend a retry on its
    /// account. So the block keeps such an evaluation alone when it comes first, else what comes before it; the rest
    /// goes back to the queue without counting the attempt (rare: only after a worker died).
    /// </summary>
    private IReadOnlyList<Claim> Kept(IReadOnlyList<Claim> claims)
    {
        if (claims.Count <= 1) return claims;
        int retried = claims.TakeWhile(claim => claim.Attempt == 1).Count();
        if (retried == claims.Count) return claims;
        int kept = Math.Max(retried, 1);
        foreach (var claim in claims.Skip(kept)) Release(claim);
        return claims.Take(kept).ToList();
    }

    public void ExpireLapsed(StudyHandle study) =>
        Transact(write: true, (c, t) =>
        {
            ExpireLeases(c, t, study);
            return 0;
        });

    /// <summary>Evaluations whose worker stopped renewing: queued again while retries remain, failed after.</summary>
    private void ExpireLeases(DbConnection c, DbTransaction? t, StudyHandle study)
    {
        var lapsed = new List<(int Number, int Rung, int Attempts, string Worker, long Started)>();
        using (var select = Command(c, t, $"""
                   SELECT number, rung, attempts, worker, started_at FROM downhill_trials
                   WHERE study_id = @s AND state = '{Running}' AND lease_until < {Dialect.Now}{Dialect.SkipLocked}
                   """, ("s", study.Id)))
        using (var reader = select.ExecuteReader())
            while (reader.Read())
                lapsed.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt64(4)));
        foreach (var l in lapsed)
        {
            bool requeue = l.Attempts <= study.Definition.Options.Retries;
            Execute(c, t, $"""
                INSERT INTO downhill_losses (study_id, number, rung, attempt, worker, started_at, lost_at, requeued)
                VALUES (@s, @n, @g, @a, @w, @started, {Dialect.Now}, @requeued)
                """, ("s", study.Id), ("n", l.Number), ("g", l.Rung), ("a", l.Attempts), ("w", l.Worker), ("started", l.Started),
                ("requeued", requeue ? 1 : 0));
            if (requeue)
            {
                Execute(c, t, $"UPDATE downhill_trials SET state = '{Queued}', worker = NULL, lease_until = NULL WHERE study_id = @s AND number = @n AND rung = @g",
                    ("s", study.Id), ("n", l.Number), ("g", l.Rung));
            }
            else
            {
                Execute(c, t, $"""
                    UPDATE downhill_trials SET state = '{Failed}', score = @nan, stop = @stop, lease_until = NULL, ended_at = {Dialect.Now}
                    WHERE study_id = @s AND number = @n AND rung = @g
                    """, ("s", study.Id), ("n", l.Number), ("g", l.Rung), ("nan", double.NaN),
                    ("stop", $"lost {l.Attempts} times (last by {l.Worker})"));
            }
        }
    }

    /// <summary>One command extends the leases of the claims the worker holds; returns those it no longer holds.</summary>
    public IReadOnlyList<Claim> Renew(IReadOnlyList<Claim> claims, TimeSpan lease)
    {
        if (claims.Count == 0) return [];
        var (study, worker) = Holder(claims);
        var held = Statement(write: true, (c, t) =>
        {
            var rows = string.Join(", ", claims.Select((_, k) => $"(@n{k}, @g{k}, @a{k})"));
            using var command = Command(c, t, $"""
                UPDATE downhill_trials SET lease_until = {Dialect.Now} + @lease
                WHERE study_id = @s AND worker = @w AND state = '{Running}' AND (number, rung, attempts) IN (VALUES {rows})
                RETURNING number, rung, attempts
                """, [("s", study.Id), ("w", worker), ("lease", Milliseconds(lease)), .. claims.SelectMany((claim, k) => ClaimKey(claim, k))]);
            using var reader = command.ExecuteReader();
            var kept = new HashSet<(int, int, int)>();
            while (reader.Read()) kept.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2)));
            return kept;
        });
        return claims.Where(claim => !held.Contains((claim.Request.Number, claim.Request.Rung, claim.Attempt))).ToList();
    }

    /// <summary>The study and worker that hold every one of <paramref name="claims"/> (one worker's block).</summary>
    private static (StudyHandle Study, string Worker) Holder(IReadOnlyList<Claim> claims)
    {
        if (claims.Count == 0) throw new ArgumentException("no claims given", nameof(claims));
        var (study, worker) = (claims[0].Study, claims[0].Worker);
        if (claims.Any(claim => claim.Study.Id != study.Id || claim.Worker != worker))
            throw new ArgumentException("the claims are held by more than one worker, or in more than one study", nameof(claims));
        return (study, worker);
    }

    /// <summary>The k-th claim's row key as parameters @n{k}, @g{k}, @a{k}.</summary>
    private static (string, object?)[] ClaimKey(Claim claim, int k) =>
        [($"n{k}", claim.Request.Number), ($"g{k}", claim.Request.Rung), ($"a{k}", claim.Attempt)];

    /// <summary>
    /// One command: the lease renewed (which locks the row and says whether the claim still holds it), the metric
    /// stored, and the pruning reference read when asked.
    /// </summary>
    public IReadOnlyList<ReferenceEntry>? Report(Claim claim, int epoch, double value, TimeSpan lease, int? referenceFrom = null) =>
        Statement(write: true, (c, t) =>
        {
            using var command = Command(c, t, $"""
                UPDATE downhill_trials SET lease_until = {Dialect.Now} + @lease, last_epoch = @epoch WHERE {OwnedRow} RETURNING 1;
                INSERT INTO downhill_reports (study_id, number, rung, epoch, value)
                SELECT @s, @n, @g, @epoch, @value WHERE EXISTS (SELECT 1 FROM downhill_trials WHERE {OwnedRow})
                ON CONFLICT (study_id, number, rung, epoch) DO UPDATE SET value = excluded.value
                {(referenceFrom is null ? "" : $";{ReferenceQuery}")}
                """, [.. ClaimParameters(claim), ("lease", Milliseconds(lease)), ("epoch", epoch), ("value", value), ("from", referenceFrom ?? 0)]);
            using var reader = command.ExecuteReader();
            if (!reader.Read()) return null;
            if (referenceFrom is null) return [];
            reader.NextResult();
            return ReadReference(reader, epoch);
        });

    public IReadOnlyList<ReferenceEntry> Reference(Claim claim, int from, int epoch) =>
        Statement(write: false, (c, t) =>
        {
            using var select = Command(c, t, ReferenceQuery, ("s", claim.Study.Id), ("from", from), ("n", claim.Request.Number), ("epoch", epoch));
            using var reader = select.ExecuteReader();
            return ReadReference(reader, epoch);
        });

    /// <summary>
    /// The rung-0 evaluations numbered from @from up to the claim's @n: their states and metrics at @epoch (the epoch,
    /// or NULL where none was reported). Each report is read by its whole primary key from its trial's row: a join
    /// left PostgreSQL free to scan every report of the study at the epoch for each trial (its plan for a study whose
    /// reports it had no statistics on yet, such as a new one) or the whole table (after they were gathered).
    /// </summary>
    private const string ReferenceQuery = """
        SELECT tr.number, tr.state,
               (SELECT rp.epoch FROM downhill_reports rp WHERE rp.study_id = tr.study_id AND rp.number = tr.number AND rp.rung = tr.rung AND rp.epoch = @epoch),
               (SELECT rp.value FROM downhill_reports rp WHERE rp.study_id = tr.study_id AND rp.number = tr.number AND rp.rung = tr.rung AND rp.epoch = @epoch)
        FROM downhill_trials tr
        WHERE tr.study_id = @s AND tr.rung = 0 AND tr.number >= @from AND tr.number < @n
        ORDER BY tr.number
        """;

    /// <summary>Reads <see cref="ReferenceQuery"/>'s rows.</summary>
    private List<ReferenceEntry> ReadReference(DbDataReader reader, int epoch)
    {
        var entries = new List<ReferenceEntry>();
        while (reader.Read())
            entries.Add(new ReferenceEntry(reader.GetInt32(0), State(reader.GetString(1)),
                reader.IsDBNull(2) ? null : Real(reader, 3, $"trial {reader.GetInt32(0)}'s epoch {epoch} metric")));
        return entries;
    }

    /// <summary>
    /// Updates the evaluation's own row and nothing else, so ends of one stage never wait on each other; the stage is
    /// closed afterwards by the next claim that finds nothing queued (see <see cref="CloseStages"/>).
    /// </summary>
    public bool End(Claim claim, TrialOutcome outcome, double seconds)
    {
        TrialEnd[] ends = [new(claim, outcome, seconds)];
        var ended = Statement(write: true, (c, t) =>
        {
            using var command = Command(c, t, EndsSql(1), EndsParameters(ends, claim.Study, claim.Worker));
            using var reader = command.ExecuteReader();
            return ReadKeys(reader);
        });
        return Acknowledged(ends, ended).Count == 1;
    }

    /// <summary>
    /// Ends the claimed rows of <paramref name="count"/> evaluations with their outcomes, each while its claim still
    /// holds it (running, by this worker, this attempt), in one statement; returns the (number, rung) of those it ended.
    /// The outcomes are one VALUES list: PostgreSQL plans a block of 64 so in 0.3 ms, and as many SELECTs joined by
    /// UNION ALL in 3 to 16 ms.
    /// </summary>
    private string EndsSql(int count) => $"""
        WITH e (number, rung, attempts, state, score, stop, seconds) AS (VALUES {string.Join(", ", Enumerable.Range(0, count).Select(k =>
            $"(@n{k}, @g{k}, @a{k}, @t{k}, @c{k}, @p{k}, @d{k})"))})
        UPDATE downhill_trials
        SET state = e.state, score = e.score, stop = e.stop, seconds = e.seconds, ended_at = {Dialect.Now}, lease_until = NULL
        FROM e
        WHERE downhill_trials.study_id = @s AND downhill_trials.number = e.number AND downhill_trials.rung = e.rung
          AND downhill_trials.state = '{Running}' AND downhill_trials.worker = @w AND downhill_trials.attempts = e.attempts
        RETURNING downhill_trials.number, downhill_trials.rung
        """;

    /// <summary>The parameters <see cref="EndsSql"/> names for <paramref name="ends"/>, all held by <paramref name="worker"/> (see <see cref="Holder"/>).</summary>
    private static (string, object?)[] EndsParameters(IReadOnlyList<TrialEnd> ends, StudyHandle study, string worker) =>
        [("s", study.Id), ("w", worker), .. ends.SelectMany((e, k) => ClaimKey(e.Claim, k).Concat(
            [($"t{k}", e.Outcome.Pruned ? Pruned : Finished), ($"c{k}", e.Outcome.Score), ($"p{k}", e.Outcome.Stop), ($"d{k}", e.Seconds)]))];

    /// <summary>The (number, rung) keys a statement returned.</summary>
    private static HashSet<(int, int)> ReadKeys(DbDataReader reader)
    {
        var keys = new HashSet<(int, int)>();
        while (reader.Read()) keys.Add((reader.GetInt32(0), reader.GetInt32(1)));
        return keys;
    }

    /// <summary>
    /// The claims of <paramref name="ends"/> that are ended: those the statement ended, and those a first attempt of
    /// it had already ended (a commit not acknowledged and retried).
    /// </summary>
    private List<Claim> Acknowledged(IReadOnlyList<TrialEnd> ends, HashSet<(int, int)> ended) =>
        ends.Select(e => e.Claim)
            .Where(claim => ended.Contains((claim.Request.Number, claim.Request.Rung)) || Statement(write: false, (c, t) => EndedBy(c, t, claim)))
            .ToList();

    public bool Release(Claim claim) =>
        Statement(write: true, (c, t) => Owned(c, t, claim,
            $"state = '{Queued}', attempts = attempts - 1, worker = NULL, started_at = NULL, lease_until = NULL") == 1);

    /// <summary>The claimed row while the claim still holds it (running, by this worker, this attempt).</summary>
    private const string OwnedRow = $"study_id = @s AND number = @n AND rung = @g AND state = '{Running}' AND worker = @w AND attempts = @a";

    /// <summary>Updates the claimed row while the claim still holds it; returns the rows changed (1, or 0 when the claim was lost).</summary>
    private int Owned(DbConnection c, DbTransaction? t, Claim claim, string set, params (string, object?)[] more) =>
        Execute(c, t, $"UPDATE downhill_trials SET {set} WHERE {OwnedRow}", [.. ClaimParameters(claim), .. more]);

    /// <summary>The parameters <see cref="OwnedRow"/> names.</summary>
    private static (string, object?)[] ClaimParameters(Claim claim) =>
        [("s", claim.Study.Id), ("n", claim.Request.Number), ("g", claim.Request.Rung), ("w", claim.Worker), ("a", claim.Attempt)];

    /// <summary>Whether this claim already ended the row (an end whose commit was not acknowledged and is being retried).</summary>
    private bool EndedBy(DbConnection c, DbTransaction? t, Claim claim) =>
        Convert.ToInt64(Scalar(c, t, $"""
            SELECT COUNT(*) FROM downhill_trials WHERE study_id = @s AND number = @n AND rung = @g
            AND state IN ('{Finished}', '{Pruned}') AND worker = @w AND attempts = @a
            """, ClaimParameters(claim))) == 1;

    /// <summary>
    /// Closes each open stage none of whose evaluations is queued or running: the stage's row is locked (so one
    /// worker closes it while the others wait and then find it closed), marked closed, and the next stage computed from
    /// the ended evaluations is queued, or the study marked done. Ends never count down a shared row: the work per
    /// trial end is its own row, and the whole study is read once per stage.
    /// </summary>
    private void CloseStages(DbConnection c, DbTransaction? t, StudyHandle study)
    {
        var open = new List<(int Round, int Rung, string Ranges)>();
        using (var select = Command(c, t, $"""
                   SELECT round, rung, ranges FROM downhill_stages WHERE study_id = @s AND closed_at IS NULL ORDER BY round, rung{Dialect.ForUpdate}
                   """, ("s", study.Id)))
        using (var reader = select.ExecuteReader())
            while (reader.Read()) open.Add((reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2)));
        foreach (var (round, rung, text) in open)
        {
            if (Scalar(c, t, $"""
                    SELECT 1 FROM downhill_trials WHERE study_id = @s AND round = @round AND rung = @rung AND state IN ('{Queued}', '{Running}') LIMIT 1
                    """, ("s", study.Id), ("round", round), ("rung", rung)) is not null)
                return;
            Execute(c, t, $"UPDATE downhill_stages SET closed_at = {Dialect.Now} WHERE study_id = @s AND round = @round AND rung = @rung",
                ("s", study.Id), ("round", round), ("rung", rung));
            var ranges = StudyText.ReadRanges(text, $"{Location}: stage {round}.{rung}'s ranges");
            var ended = ReadTrials(c, t, study.Id, study.Definition, withReports: false).Where(e => e.State is not (TrialState.Queued or TrialState.Running)).ToList();
            var next = NarrowingSearch.NextStage(new TuneStage(round, rung, ranges, []), ended, study.Definition.Options);
            if (next is null) Execute(c, t, $"UPDATE downhill_studies SET done_at = {Dialect.Now} WHERE id = @s", ("s", study.Id));
            else InsertStage(c, t, study, next);
        }
    }

    public StudyStatus Status(StudyHandle study) =>
        Statement(write: false, (c, t) =>
        {
            using var select = Command(c, t, $"""
                SELECT done_at,
                       (SELECT COUNT(*) FROM downhill_trials WHERE study_id = @s AND state = '{Queued}'),
                       (SELECT COUNT(*) FROM downhill_trials WHERE study_id = @s AND state = '{Running}')
                FROM downhill_studies WHERE id = @s
                """, ("s", study.Id));
            using var reader = select.ExecuteReader();
            if (!reader.Read()) throw new InputException($"study '{study.Definition.Name}' is no longer in {Location}");
            return new StudyStatus(!reader.IsDBNull(0), Convert.ToInt32(reader.GetValue(1)), Convert.ToInt32(reader.GetValue(2)));
        });

    public StudySnapshot Read(string name)
    {
        StudyDefinition.CheckName(name);
        return Transact(write: false, (c, t) =>
        {
            long id;
            StudyDefinition definition;
            bool done;
            using (var find = Command(c, t, "SELECT id, definition, done_at FROM downhill_studies WHERE name = @name", ("name", name)))
            using (var reader = find.ExecuteReader())
            {
                if (!reader.Read())
                    throw new InputException($"{Location} holds no study named '{name}'{Known(c, t)}");
                id = reader.GetInt64(0);
                definition = StudyText.ReadDefinition(name, reader.GetString(1), $"{Location}: study '{name}'");
                done = !reader.IsDBNull(2);
            }
            var rounds = new List<IReadOnlyList<SearchRange>>();
            using (var stages = Command(c, t, "SELECT round, ranges FROM downhill_stages WHERE study_id = @s AND rung = 0 ORDER BY round", ("s", id)))
            using (var reader = stages.ExecuteReader())
                while (reader.Read())
                    rounds.Add(StudyText.ReadRanges(reader.GetString(1), $"{Location}: round {reader.GetInt32(0) + 1}'s ranges"));
            var trials = ReadTrials(c, t, id, definition, withReports: true);
            var losses = new List<TrialLoss>();
            using (var lost = Command(c, t, """
                       SELECT number, rung, attempt, worker, started_at, lost_at, requeued FROM downhill_losses
                       WHERE study_id = @s ORDER BY lost_at, number
                       """, ("s", id)))
            using (var reader = lost.ExecuteReader())
                while (reader.Read())
                    losses.Add(new TrialLoss(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
                        reader.GetInt64(6) != 0));
            return new StudySnapshot(definition, done, rounds, trials, losses);
        });
    }

    /// <summary>", which holds: a, b" (or that it holds none), for a missing study's message.</summary>
    private string Known(DbConnection c, DbTransaction? t)
    {
        var names = new List<string>();
        using (var select = Command(c, t, "SELECT name FROM downhill_studies ORDER BY name LIMIT 11"))
        using (var reader = select.ExecuteReader())
            while (reader.Read()) names.Add(reader.GetString(0));
        return names.Count == 0 ? " (it holds none)" : $" (it holds {string.Join(", ", names.Take(10))}{(names.Count > 10 ? ", …" : "")})";
    }

    public IReadOnlyList<StudySummary> List() =>
        Transact(write: false, (c, t) =>
        {
            var studies = new List<StudySummary>();
            using var select = Command(c, t, $"""
                SELECT s.name, s.plan, s.trials, s.done_at, s.created_at,
                       COUNT(CASE WHEN tr.state IN ('{Finished}', '{Pruned}', '{Failed}') THEN 1 END),
                       COUNT(CASE WHEN tr.state = '{Running}' THEN 1 END),
                       COUNT(CASE WHEN tr.state = '{Pruned}' THEN 1 END),
                       COUNT(CASE WHEN tr.state = '{Failed}' THEN 1 END)
                FROM downhill_studies s LEFT JOIN downhill_trials tr ON tr.study_id = s.id AND tr.rung = 0
                GROUP BY s.id, s.name, s.plan, s.trials, s.done_at, s.created_at ORDER BY s.name
                """);
            using var reader = select.ExecuteReader();
            while (reader.Read())
                studies.Add(new StudySummary(reader.GetString(0), reader.GetString(1), reader.GetInt32(2),
                    Convert.ToInt32(reader.GetValue(5)), Convert.ToInt32(reader.GetValue(6)), Convert.ToInt32(reader.GetValue(7)),
                    Convert.ToInt32(reader.GetValue(8)), !reader.IsDBNull(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            return studies;
        });

    /// <summary>Every evaluation of the study, in (number, rung) order, with its reported metrics when asked.</summary>
    private List<Trial> ReadTrials(DbConnection c, DbTransaction? t, long id, StudyDefinition definition, bool withReports)
    {
        var reports = new Dictionary<(int, int), List<double>>();
        if (withReports)
        {
            using var select = Command(c, t, "SELECT number, rung, epoch, value FROM downhill_reports WHERE study_id = @s ORDER BY number, rung, epoch", ("s", id));
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var key = (reader.GetInt32(0), reader.GetInt32(1));
                if (!reports.TryGetValue(key, out var list)) reports[key] = list = [];
                list.Add(Real(reader, 3, $"trial {key.Item1}'s epoch {reader.GetInt32(2)} metric"));
            }
        }
        var trials = new List<Trial>();
        using (var select = Command(c, t, """
                   SELECT number, rung, round, idx, settings, budget, seed, state, attempts, worker, started_at, ended_at, score, stop, seconds
                   FROM downhill_trials WHERE study_id = @s ORDER BY number, rung
                   """, ("s", id)))
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                int number = reader.GetInt32(0), rung = reader.GetInt32(1);
                string where = $"{Location}: study '{definition.Name}', trial {number}";
                var state = State(reader.GetString(7));
                bool ended = state is TrialState.Finished or TrialState.Pruned or TrialState.Failed;
                var request = new TrialRequest(number, reader.GetInt32(2), reader.GetInt32(3), rung,
                    StudyText.ReadSettings(reader.GetString(4), $"{where}'s settings"), reader.GetDouble(5), unchecked((ulong)reader.GetInt64(6)));
                var outcome = ended
                    ? new TrialOutcome(Real(reader, 12, $"trial {number}'s score"), reader.IsDBNull(13) ? "" : reader.GetString(13)) { Pruned = state == TrialState.Pruned }
                    : new TrialOutcome(double.NaN, state == TrialState.Running ? "running" : "queued");
                trials.Add(new Trial(request, outcome, Stored: true)
                {
                    State = state,
                    Reports = reports.GetValueOrDefault((number, rung)) ?? [],
                    Worker = reader.IsDBNull(9) ? null : reader.GetString(9),
                    Attempts = reader.GetInt32(8),
                    Started = reader.IsDBNull(10) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                    Ended = reader.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                    Seconds = reader.IsDBNull(14) ? 0 : reader.GetDouble(14),
                });
            }
        }
        return trials;
    }

    /// <summary>
    /// A stored real: NULL is NaN (SQLite stores NaN as NULL); text where a number belongs is damage, named.
    /// </summary>
    private double Real(DbDataReader reader, int column, string what) =>
        reader.GetValue(column) switch
        {
            DBNull => double.NaN,
            double d => d,
            long l => l,
            float f => f,
            var other => throw new InputException($"{Location}: {what} is '{other}', not a number: the study is damaged"),
        };

    private TrialState State(string text) => text switch
    {
        Queued => TrialState.Queued,
        Running => TrialState.Running,
        Finished => TrialState.Finished,
        Pruned => TrialState.Pruned,
        Failed => TrialState.Failed,
        _ => throw new InputException($"{Location}: a trial's state is '{text}', which no Downhill writes: the study is damaged"),
    };

    private static long Milliseconds(TimeSpan span) => (long)Math.Ceiling(span.TotalMilliseconds);

    protected DbCommand Command(DbConnection c, DbTransaction? t, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value is double d && double.IsNaN(d) && Dialect.NanAsNull ? DBNull.Value : value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    protected int Execute(DbConnection c, DbTransaction? t, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    protected object? Scalar(DbConnection c, DbTransaction? t, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteScalar();
    }

    public abstract void Dispose();
}
