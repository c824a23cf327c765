using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Downhill.Studies;

/// <summary>
/// Studies in an SQLite file (Microsoft.Data.Sqlite), or in memory for a study no one else joins. The processes that
/// share a file on one machine take its write lock in turn (BEGIN IMMEDIATE, WAL journal); the threads of one process
/// share one connection under a lock.
/// </summary>
internal sealed class SqliteStudyStorage : SqlStudyStorage
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();
    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();
    private readonly string _location;

    private SqliteStudyStorage(SqliteConnection connection, string location) : base(SqlDialect.Sqlite)
    {
        _connection = connection;
        _location = location;
    }

    public override string Location => _location;

    /// <summary>A study storage that lives in this process's memory and ends with it.</summary>
    public static SqliteStudyStorage InMemory()
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        var storage = new SqliteStudyStorage(connection, "memory");
        storage.PrepareSchema();
        return storage;
    }

    /// <summary>Opens (creating if needed) the study file at <paramref name="path"/>; refuses one that is not a study file, untouched.</summary>
    public static SqliteStudyStorage Open(string path)
    {
        string full = Path.GetFullPath(path);
        string location = $"'{path}'";
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            throw new InputException($"{new ParameterName("study file")} '{path}': folder '{folder}' does not exist");
        bool exists = File.Exists(full);
        if (!exists && Directory.Exists(full)) throw new InputException($"{new ParameterName("study file")} '{path}' is a folder");
        if (exists) CheckExisting(full, path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = exists ? SqliteOpenMode.ReadWrite : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        var storage = new SqliteStudyStorage(connection, location);
        try
        {
            connection.Open();
            storage.PrepareSchema();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;";
            pragmas.ExecuteNonQuery();
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>Refuses, before SQLite touches it, a file that is no SQLite database or cannot be written.</summary>
    private static void CheckExisting(string full, string path)
    {
        var info = new FileInfo(full);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(full) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
            throw new InputException($"{new ParameterName("study file")} '{path}' is read-only: a study writes every trial as it ends (make it writable, or give another file)");
        if (info.Length == 0) return;
        var start = new byte[Header.Length];
        int read;
        try
        {
            using var stream = File.OpenRead(full);
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{new ParameterName("study file")} '{path}' cannot be read: {e.Message}");
        }
        if (read < Header.Length || !start.AsSpan().SequenceEqual(Header))
            throw new InputException($"{new ParameterName("study file")} '{path}' is not an SQLite file ({info.Length:N0} bytes without SQLite's header): give a new file or one a study wrote");
    }

    protected override T Statement<T>(bool write, Func<DbConnection, DbTransaction?, T> work) => Transact(write, work);

    /// <remarks>The file's commits always wait for its WAL write (synchronous NORMAL); they are local and cheap.</remarks>
    protected override T Transact<T>(bool write, Func<DbConnection, DbTransaction?, T> work, bool durable = false)
    {
        lock (_gate)
        {
            try
            {
                using var transaction = _connection.BeginTransaction(deferred: !write);
                var result = work(_connection, transaction);
                transaction.Commit();
                return result;
            }
            catch (SqliteException e)
            {
                throw Explain(e);
            }
        }
    }

    /// <summary>What an SQLite error says about the file, in one line.</summary>
    private InputException Explain(SqliteException e) => (e.SqliteErrorCode & 0xff) switch
    {
        raw.SQLITE_NOTADB => new InputException($"{new ParameterName("study file")} {_location} is not an SQLite database"),
        raw.SQLITE_CORRUPT => new InputException($"{new ParameterName("study file")} {_location} is damaged ({e.Message.TrimEnd('.')}): restore it or start a new file"),
        raw.SQLITE_READONLY => new InputException($"{new ParameterName("study file")} {_location} is read-only: a study writes every trial as it ends"),
        raw.SQLITE_BUSY or raw.SQLITE_LOCKED => new InputException($"{new ParameterName("study file")} {_location} stayed locked by another process for a minute"),
        raw.SQLITE_FULL => new InputException($"{new ParameterName("study file")} {_location}: the disk is full"),
        raw.SQLITE_CANTOPEN => new InputException($"{new ParameterName("study file")} {_location} cannot be opened"),
        _ => new InputException($"{new ParameterName("study file")} {_location}: {e.Message}"),
    };

    protected override bool TableExists(DbConnection connection, DbTransaction? transaction, string table) =>
        Scalar(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = @name", ("name", table)) is not null;

    protected override void RefuseForeignTables(DbConnection connection, DbTransaction? transaction)
    {
        var tables = new List<string>();
        using (var command = Command(connection, transaction, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
        using (var reader = command.ExecuteReader())
            while (reader.Read()) tables.Add(reader.GetString(0));
        if (tables.Count == 0) return;
        if (tables.SequenceEqual(["study", "trials"]))
            throw new InputException($"{new ParameterName("study file")} {_location} was written by an older Downhill (before study schemas): start a new file for this study");
        throw new InputException($"{new ParameterName("study file")} {_location} is not a Downhill study file: it holds the tables {string.Join(", ", tables)}");
    }

    public override void Dispose() => _connection.Dispose();
}
