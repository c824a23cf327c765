using System.Globalization;
using Microsoft.Data.Sqlite;
using Downhill.IO;

namespace Downhill.Analysis.Tuning;

/// <summary>
/// A study in an SQLite file (Microsoft.Data.Sqlite): one row per finished evaluation, committed as it finishes, and
/// one row describing the study so a file is never silently reused for different settings.
/// </summary>
/// <remarks>
/// Scores are stored as round-trip text, because SQLite's REAL turns NaN into NULL and diverged trials score NaN.
/// </remarks>
public sealed class SqliteStudyStore : IStudyStore
{
    private readonly SqliteConnection _connection;
    private readonly string _path;
    private readonly Lock _gate = new();
    private readonly Dictionary<(int, int, int), (TrialOutcome Outcome, string Settings)> _finished = [];

    private SqliteStudyStore(SqliteConnection connection, string path)
    {
        _connection = connection;
        _path = path;
    }

    /// <summary>Opens (creating if needed) the study file at <paramref name="path"/>.</summary>
    public static SqliteStudyStore Open(string path)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            throw new InputException($"{new ParameterName("study file")} '{path}': folder '{folder}' does not exist");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = FULL;
                CREATE TABLE IF NOT EXISTS study (id INTEGER PRIMARY KEY CHECK (id = 1), description TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials (
                    round INTEGER NOT NULL, idx INTEGER NOT NULL, rung INTEGER NOT NULL,
                    settings TEXT NOT NULL, score TEXT NOT NULL, stop TEXT NOT NULL, seconds REAL NOT NULL,
                    PRIMARY KEY (round, idx, rung));
                """);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new InputException($"{new ParameterName("study file")} '{path}' is not a usable study file: {e.Message}");
        }
        return new SqliteStudyStore(connection, path);
    }

    public void Bind(string description)
    {
        using var read = _connection.CreateCommand();
        read.CommandText = "SELECT description FROM study WHERE id = 1";
        if (read.ExecuteScalar() is string stored)
        {
            if (stored != description)
                throw new InputException($"{new ParameterName("study file")} '{_path}' holds a different study ({stored}); this one is ({description}). " +
                                         "Use another file, or the same settings to continue it.");
        }
        else
        {
            using var write = _connection.CreateCommand();
            write.CommandText = "INSERT INTO study (id, description) VALUES (1, $description)";
            write.Parameters.AddWithValue("$description", description);
            write.ExecuteNonQuery();
        }
        using var trials = _connection.CreateCommand();
        trials.CommandText = "SELECT round, idx, rung, settings, score, stop FROM trials";
        using var reader = trials.ExecuteReader();
        while (reader.Read())
        {
            double score = double.Parse(reader.GetString(4), NumberStyles.Float, CultureInfo.InvariantCulture);
            _finished[(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2))] =
                (new TrialOutcome(score, reader.GetString(5)), reader.GetString(3));
        }
    }

    /// <summary>How many finished evaluations the file holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _finished.Count;
        }
    }

    public bool TryLoad(int round, int index, int rung, out TrialOutcome outcome, out string settings)
    {
        lock (_gate)
        {
            bool found = _finished.TryGetValue((round, index, rung), out var entry);
            outcome = entry.Outcome!;
            settings = entry.Settings!;
            return found;
        }
    }

    public void Save(TrialRequest request, TrialOutcome outcome, string settings, double seconds)
    {
        lock (_gate)
        {
            using var insert = _connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO trials (round, idx, rung, settings, score, stop, seconds)
                VALUES ($round, $idx, $rung, $settings, $score, $stop, $seconds)
                """;
            insert.Parameters.AddWithValue("$round", request.Round);
            insert.Parameters.AddWithValue("$idx", request.Index);
            insert.Parameters.AddWithValue("$rung", request.Rung);
            insert.Parameters.AddWithValue("$settings", settings);
            insert.Parameters.AddWithValue("$score", RoundTrip.Format(outcome.Score));
            insert.Parameters.AddWithValue("$stop", outcome.Stop);
            insert.Parameters.AddWithValue("$seconds", seconds);
            insert.ExecuteNonQuery();
            _finished[(request.Round, request.Index, request.Rung)] = (outcome, settings);
        }
    }

    public void Dispose() => _connection.Dispose();

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
