namespace Downhill.Studies;

/// <summary>
/// The tables a study storage holds, as a list of migrations: version N's statements turn a version N − 1 storage
/// into a version N one. An empty storage runs them all; an older one the missing ones; a newer one is refused.
/// </summary>
/// <remarks>
/// Indexes keep every per-trial statement a short index walk however large the study: claiming reads the queued
/// index's first entry, lease expiry the running index's entries, a stage's close check the open index, and
/// reports, ends and pruning reads go by primary key. Only joining, closing a stage and reading whole studies touch
/// every trial.
/// </remarks>
internal static class StudySchema
{
    /// <summary>The schema this build writes.</summary>
    public const int Current = 2;

    /// <summary>The table that records the schema version.</summary>
    public const string VersionTable = "downhill_schema";

    /// <summary>The tables of the current schema (a storage holding other tables too is fine in PostgreSQL, not in a study file).</summary>
    public static readonly string[] Tables = [VersionTable, "downhill_studies", "downhill_stages", "downhill_trials", "downhill_reports", "downhill_losses"];

    /// <summary>The statements of migration <paramref name="version"/>, in the dialect's column types.</summary>
    public static IEnumerable<string> Migration(int version, SqlDialect d) => version switch
    {
        1 =>
        [
            $"CREATE TABLE {VersionTable} (version INTEGER NOT NULL)",
            $"INSERT INTO {VersionTable} (version) VALUES (0)",
            $"""
            CREATE TABLE downhill_studies (
                id {d.IdentityKey},
                name TEXT NOT NULL UNIQUE,
                plan TEXT NOT NULL,
                definition TEXT NOT NULL,
                trials INTEGER NOT NULL,
                created_at BIGINT NOT NULL,
                done_at BIGINT)
            """,
            """
            CREATE TABLE downhill_stages (
                study_id INTEGER NOT NULL REFERENCES downhill_studies (id),
                round INTEGER NOT NULL,
                rung INTEGER NOT NULL,
                ranges TEXT NOT NULL,
                open_count INTEGER NOT NULL,
                PRIMARY KEY (study_id, round, rung))
            """,
            $"""
            CREATE TABLE downhill_trials (
                study_id INTEGER NOT NULL REFERENCES downhill_studies (id),
                number INTEGER NOT NULL,
                rung INTEGER NOT NULL,
                round INTEGER NOT NULL,
                idx INTEGER NOT NULL,
                settings TEXT NOT NULL,
                budget {d.Real} NOT NULL,
                seed BIGINT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                worker TEXT,
                started_at BIGINT,
                lease_until BIGINT,
                ended_at BIGINT,
                score {d.Real},
                stop TEXT,
                seconds {d.Real},
                last_epoch INTEGER,
                PRIMARY KEY (study_id, number, rung))
            """,
            "CREATE INDEX downhill_trials_queued ON downhill_trials (study_id, number) WHERE state = 'queued'",
            "CREATE INDEX downhill_trials_running ON downhill_trials (study_id, lease_until) WHERE state = 'running'",
            $"""
            CREATE TABLE downhill_reports (
                study_id INTEGER NOT NULL,
                number INTEGER NOT NULL,
                rung INTEGER NOT NULL,
                epoch INTEGER NOT NULL,
                value {d.Real},
                PRIMARY KEY (study_id, number, rung, epoch),
                FOREIGN KEY (study_id, number, rung) REFERENCES downhill_trials (study_id, number, rung))
            """,
            """
            CREATE TABLE downhill_losses (
                study_id INTEGER NOT NULL,
                number INTEGER NOT NULL,
                rung INTEGER NOT NULL,
                attempt INTEGER NOT NULL,
                worker TEXT NOT NULL,
                started_at BIGINT NOT NULL,
                lost_at BIGINT NOT NULL,
                requeued INTEGER NOT NULL,
                PRIMARY KEY (study_id, number, rung, attempt))
            """,
        ],
        // A stage is closed by the claim that finds it has nothing queued or running, not counted down by every end
        // (one row that every trial end of a stage updated: a hot spot under many workers); the open index finds its
        // queued and running evaluations without walking the ended ones. The running index no longer holds the lease's
        // end, so a renewal or report changes no indexed column and PostgreSQL can update the row in place (HOT).
        2 =>
        [
            "ALTER TABLE downhill_stages ADD COLUMN closed_at BIGINT",
            $"UPDATE downhill_stages SET closed_at = {d.Now} WHERE open_count = 0",
            "ALTER TABLE downhill_stages DROP COLUMN open_count",
            "CREATE INDEX downhill_trials_open ON downhill_trials (study_id, round, rung) WHERE state IN ('queued', 'running')",
            "DROP INDEX downhill_trials_running",
            "CREATE INDEX downhill_trials_running ON downhill_trials (study_id) WHERE state = 'running'",
            .. new[] { d.TrialsChurn }.OfType<string>(),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, "no such schema version"),
    };
}

/// <summary>Where the SQL of SQLite and PostgreSQL differ.</summary>
/// <param name="IdentityKey">An auto-numbered integer primary key column.</param>
/// <param name="Real">A 64-bit floating-point column.</param>
/// <param name="Now">The database's clock in milliseconds since 1970 (PostgreSQL's, so workers on machines whose clocks differ agree).</param>
/// <param name="SkipLocked">What makes a selection skip rows other transactions hold, so workers never queue behind each other.</param>
/// <param name="ForUpdate">What makes a selection lock its rows until the transaction ends (SQLite's write transactions hold the whole file).</param>
/// <param name="TrialsChurn">
/// What keeps the trials table's indexes short though every trial's row changes state several times (PostgreSQL):
/// room on each page for updates in place, and a vacuum every few thousand dead rows rather than at a fifth of the
/// table, so that the index walks of claims and stage checks skip at most that many dead entries at 100,000 trials.
/// </param>
/// <param name="NanAsNull">The database has no NaN (SQLite): NaN is written as NULL, and NULL in a metric read as NaN.</param>
/// <param name="RowsPerInsert">
/// The most trials one statement inserts. PostgreSQL: many, since each statement is a round trip. SQLite, in the same
/// process: few, since its driver binds each named parameter by a linear search of the statement's names, so a
/// statement of p parameters costs p² comparisons; at 500 rows (4,000 parameters) that made a study of 10,000 trivial
/// trials in memory take 4.3 s instead of 1.6 s.
/// </param>
/// <param name="Analyze">
/// What gathers the trials table's statistics after a large stage is inserted (PostgreSQL, whose plans for a study it
/// has no statistics on can scan the whole study; see SqlStudyStorage.AnalyzedStage); null where the planner needs none.
/// </param>
internal sealed record SqlDialect(string IdentityKey, string Real, string Now, string SkipLocked, string ForUpdate, string? TrialsChurn, bool NanAsNull,
    int RowsPerInsert, string? Analyze)
{
    public static SqlDialect Sqlite { get; } = new("INTEGER PRIMARY KEY", "REAL", "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)", "", "", null, true,
        RowsPerInsert: 32, Analyze: null);

    public static SqlDialect Postgres { get; } = new("INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "DOUBLE PRECISION",
        "(extract(epoch from clock_timestamp()) * 1000)::bigint", " FOR UPDATE SKIP LOCKED", " FOR UPDATE",
        "ALTER TABLE downhill_trials SET (fillfactor = 80, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000)", false,
        RowsPerInsert: 500, Analyze: "ANALYZE downhill_trials");
}
