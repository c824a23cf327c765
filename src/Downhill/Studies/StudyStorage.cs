namespace Downhill.Studies;

/// <summary>How a worker talks to its storage: how long it waits to connect, and how long it keeps retrying a lost one.</summary>
public sealed record StorageOptions
{
    /// <summary>How long opening the first connection may take before the server counts as unreachable.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a call keeps retrying a lost connection (a server restart, a network cut) before the worker gives up.</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The most connections one process holds to a server. A call lasts about a millisecond and a trial far longer, so
    /// a few serve any number of threads; each more costs the server a session (a process, and its start).
    /// </summary>
    public int MaxConnections { get; init; } = 4;
}

/// <summary>Opens a study storage from where it is: an SQLite file path, or a PostgreSQL URL.</summary>
public static class StudyStorage
{
    /// <summary>
    /// An SQLite study file (created if missing) or <c>postgresql://user:password@host:port/database</c>; anything
    /// else, or a storage that cannot be used as one, is an <see cref="InputException"/> with nothing written.
    /// </summary>
    public static IStudyStorage Open(string location, StorageOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (string.IsNullOrWhiteSpace(location)) throw new InputException("storage cannot be empty: give a file or a postgresql:// URL");
        if (PostgresUrl.IsPostgres(location)) return PostgresStudyStorage.Open(location, options ?? new StorageOptions());
        int scheme = location.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
            throw new InputException($"storage '{location[..scheme]}://' is not supported: give an SQLite file path or postgresql://user:password@host:port/database",
                location, 0);
        return SqliteStudyStorage.Open(location);
    }

    /// <summary>A storage in this process's memory, for a study that no other process joins.</summary>
    public static IStudyStorage InMemory() => SqliteStudyStorage.InMemory();
}
