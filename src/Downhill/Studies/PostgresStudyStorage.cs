using System.Data.Common;
using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Downhill.Studies;

/// <summary>
/// Studies in a PostgreSQL database (Npgsql), shared by workers on any number of machines. Claims skip rows other
/// transactions hold (<c>FOR UPDATE SKIP LOCKED</c>), so workers never queue behind one another; times are the
/// server's clock. A connection lost, the server restarting, a deadlock or a serialization failure is retried with
/// growing, jittered pauses for up to <see cref="StorageOptions.RetryFor"/>.
/// </summary>
internal sealed class PostgresStudyStorage : SqlStudyStorage
{
    private readonly NpgsqlDataSource _source;
    private readonly StorageOptions _options;
    private readonly string _location;

    private PostgresStudyStorage(NpgsqlDataSource source, string location, StorageOptions options) : base(SqlDialect.Postgres)
    {
        _source = source;
        _location = location;
        _options = options;
    }

    public override string Location => _location;

    /// <summary>
    /// Connects to <paramref name="url"/> (postgresql://user:password@host:port/database) and prepares the schema; an
    /// unreachable server, a refused login or a missing database is an <see cref="InputException"/> in one line.
    /// </summary>
    public static PostgresStudyStorage Open(string url, StorageOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 1, $"{nameof(options)}.{nameof(options.MaxConnections)}");
        var (builder, location) = PostgresUrl.Parse(url);
        builder.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        // Sessions whose commits do not wait for the write-ahead log's flush unless asked (see Transact's durable commits);
        // statements run twice are prepared on their connection, so the server parses and plans each per-trial call once.
        builder.Options = "-c synchronous_commit=off";
        builder.MaxPoolSize = options.MaxConnections;
        builder.MaxAutoPrepare = 32;
        builder.AutoPrepareMinUsages = 2;
        // Every call is one transaction that leaves nothing behind in its session (no temporary tables, session
        // settings or session locks), so a connection returned to the pool needs no reset: without this, Npgsql
        // prefixes the next call with seven reset statements (RESET ALL, DISCARD TEMP, …) that the server runs each time.
        builder.NoResetOnClose = true;
        // The tables hold only built-in types: skip reading the server's type catalog at the first connection (a large
        // query and much parsing that every worker process paid at its start).
        var source = new NpgsqlDataSourceBuilder(builder.ConnectionString).ConfigureTypeLoading(t => t.EnableTypeLoading(false)).Build();
        var storage = new PostgresStudyStorage(source, location, options);
        try
        {
            var clock = Stopwatch.StartNew();
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    using var connection = source.OpenConnection();
                    break;
                }
                catch (PostgresException e) when (e.SqlState is "57P01" or "57P02" or "57P03" && clock.Elapsed < options.RetryFor)
                {
                    // The server is shutting down or starting up (a restart): a worker that starts now waits for it.
                    source.Clear();
                    Thread.Sleep(Pause(attempt));
                }
                catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
                {
                    throw new InputException(Unreachable(e, builder, location));
                }
            }
            // Many workers may start at once on an empty database: one creates the tables, the others wait and see them.
            storage.PrepareSchema((c, t) => storage.Execute(c, t, "SELECT pg_advisory_xact_lock(7237960669311722860)"));
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    private static string Unreachable(Exception e, NpgsqlConnectionStringBuilder b, string location) => e switch
    {
        PostgresException { SqlState: "28P01" } => $"PostgreSQL at {b.Host}:{b.Port} refused user '{b.Username}': the password is wrong",
        PostgresException { SqlState: "28000" } p => $"PostgreSQL at {b.Host}:{b.Port} refused user '{b.Username}': {p.MessageText}",
        PostgresException { SqlState: "3D000" } => $"PostgreSQL at {b.Host}:{b.Port} has no database '{b.Database}' (create it first, e.g. createdb {b.Database})",
        PostgresException p => $"PostgreSQL at {b.Host}:{b.Port} refused the connection to {location}: {p.MessageText}",
        _ when Inner<SocketException>(e) is { } s => $"cannot reach PostgreSQL at {b.Host}:{b.Port}: {s.Message}",
        _ when Inner<TimeoutException>(e) is not null || e.Message.Contains("Timeout", StringComparison.OrdinalIgnoreCase) =>
            $"cannot reach PostgreSQL at {b.Host}:{b.Port}: no answer within {b.Timeout} s",
        _ => $"cannot connect to PostgreSQL at {b.Host}:{b.Port}: {e.Message}",
    };

    private static T? Inner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    protected override T Transact<T>(bool write, Func<DbConnection, DbTransaction?, T> work, bool durable = false) =>
        Retrying(connection =>
        {
            using var transaction = connection.BeginTransaction();
            if (durable) Execute(connection, transaction, "SET LOCAL synchronous_commit = on");
            var result = work(connection, transaction);
            transaction.Commit();
            return result;
        });

    protected override T Statement<T>(bool write, Func<DbConnection, DbTransaction?, T> work) => Retrying(connection => work(connection, null));

    /// <summary>Runs <paramref name="work"/> on a pooled connection, again after a transient failure, for up to <see cref="StorageOptions.RetryFor"/>.</summary>
    private T Retrying<T>(Func<NpgsqlConnection, T> work)
    {
        var clock = Stopwatch.StartNew();
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                using var connection = _source.OpenConnection();
                return work(connection);
            }
            catch (Exception e) when (IsTransient(e))
            {
                if (clock.Elapsed >= _options.RetryFor)
                    throw new StorageUnavailableException(
                        $"lost PostgreSQL at {_location} for {clock.Elapsed.TotalSeconds:0} s: {Inner<PostgresException>(e)?.MessageText ?? e.Message}", e);
                _source.Clear();
                Thread.Sleep(Pause(attempt));
            }
        }
    }

    /// <summary>50 ms doubling to 2 s, each scaled by a random 0.5–1.5 so that workers cut off together do not return together.</summary>
    private static TimeSpan Pause(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(2000, 50 * Math.Pow(2, Math.Min(attempt, 10))) * (0.5 + Random.Shared.NextDouble()));

    /// <summary>Errors that pass: the connection or server gone or restarting, a deadlock, a serialization failure, a race to create a study.</summary>
    private static bool IsTransient(Exception e) => e switch
    {
        PostgresException p => p.IsTransient || p.SqlState is "57P01" or "57P02" or "57P03" or "40001" or "40P01" or "23505"
                               || p.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException n => n.IsTransient || Inner<IOException>(n) is not null || Inner<SocketException>(n) is not null,
        IOException or SocketException or TimeoutException => true,
        _ => false,
    };

    protected override bool TableExists(DbConnection connection, DbTransaction? transaction, string table) =>
        Scalar(connection, transaction, "SELECT to_regclass(@name) IS NOT NULL", ("name", table)) is true;

    protected override void RefuseForeignTables(DbConnection connection, DbTransaction? transaction)
    {
        var ours = StudySchema.Tables.Where(t => TableExists(connection, transaction, t)).ToList();
        if (ours.Count > 0)
            throw new InputException($"{_location} holds the tables {string.Join(", ", ours)} but no {StudySchema.VersionTable}: they are not Downhill's, or damaged");
    }

    public override void Dispose()
    {
        _source.Dispose();
    }
}

/// <summary>The storage could not be reached for longer than the retries allow: the study stops, its trials kept.</summary>
public sealed class StorageUnavailableException(string message, Exception inner) : Exception(message, inner);
