using System.Diagnostics;
using Npgsql;

namespace Downhill.Tests.Studies;

/// <summary>
/// A fact that needs PostgreSQL: the server whose URL is in DOWNHILL_TEST_POSTGRES (tools/postgres/test-cluster run
/// sets it), or else a throwaway cluster the tests start themselves from Debian's postgresql. Only where neither is
/// there is the test skipped, saying why, and never under CI, where it fails instead.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.Absent is { } why && Environment.GetEnvironmentVariable("CI") is null) Skip = why;
    }
}

/// <summary>The tests' PostgreSQL: its URL, a fresh database per test, and a way to stop and start the server.</summary>
public static class TestPostgres
{
    private const string ServerFolder = "/usr/lib/postgresql";

    /// <summary>The cluster these tests started, when DOWNHILL_TEST_POSTGRES names none (started on first use).</summary>
    private static readonly Lazy<(string Url, string Ctl)> Own = new(StartOwn);

    private static string? Given => Environment.GetEnvironmentVariable("DOWNHILL_TEST_POSTGRES");

    /// <summary>Why no PostgreSQL can be had here, or null when one can.</summary>
    public static string? Absent =>
        Given is not null || ServerBinaries() is not null
            ? null
            : $"no PostgreSQL for this test: DOWNHILL_TEST_POSTGRES is not set and no server is installed under {ServerFolder} (apt-get install postgresql)";

    /// <summary>The test server's URL: the given one, or the tests' own cluster's; null where <see cref="Absent"/> says why.</summary>
    public static string? Url => Given ?? (Absent is null ? Own.Value.Url : null);

    private static string Required => Url ?? throw new InvalidOperationException(Absent);

    private static string? ServerBinaries() =>
        Directory.Exists(ServerFolder)
            ? Directory.GetDirectories(ServerFolder).Select(v => Path.Combine(v, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "pg_ctl")))
            : null;

    /// <summary>
    /// Starts a throwaway cluster with tools/postgres/test-cluster, which stops and deletes it when this process ends.
    /// A server that is installed but does not start fails the tests with its error: that is not an absence.
    /// </summary>
    private static (string Url, string Ctl) StartOwn()
    {
        string script = Path.Combine(RepositoryRoot(), "tools", "postgres", "test-cluster");
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("start");
        start.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string[] lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        if (process.ExitCode != 0 || lines.Length != 2)
            throw new InvalidOperationException($"{script} start failed ({process.ExitCode}): {error.Result}");
        return (lines[0], lines[1]);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "tools", "postgres", "test-cluster"))) return folder.FullName;
        throw new InvalidOperationException($"no tools/postgres/test-cluster above {AppContext.BaseDirectory}");
    }

    /// <summary>A new, empty database on the test server; its URL. Dropped by <see cref="Drop"/>.</summary>
    public static string NewDatabase()
    {
        string name = "downhill_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(ConnectionString(Required)))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }
        return WithDatabase(Required, name);
    }

    public static void Drop(string url)
    {
        string name = new Uri(url).AbsolutePath.Trim('/');
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(ConnectionString(Required));
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>The URL with another database name.</summary>
    public static string WithDatabase(string url, string database)
    {
        var uri = new UriBuilder(url) { Path = "/" + database };
        return uri.Uri.ToString().TrimEnd('/');
    }

    /// <summary>The URL with another password.</summary>
    public static string WithPassword(string url, string password) => new UriBuilder(url) { Password = password }.Uri.ToString().TrimEnd('/');

    /// <summary>An Npgsql connection string for a test URL.</summary>
    public static string ConnectionString(string url)
    {
        var uri = new Uri(url);
        string[] user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port, Username = Uri.UnescapeDataString(user[0]), Password = Uri.UnescapeDataString(user[1]),
            Database = uri.AbsolutePath.Trim('/'), Pooling = false,
        }.ConnectionString;
    }

    /// <summary>Runs a query on the database of <paramref name="url"/> and returns its first column's values.</summary>
    public static List<object?> Column(string url, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(url));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        using var reader = command.ExecuteReader();
        var values = new List<object?>();
        while (reader.Read()) values.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return values;
    }

    /// <summary>Stops or starts the test server (DOWNHILL_TEST_POSTGRES_CTL, or the own cluster's ctl).</summary>
    public static void Server(string action)
    {
        string ctl = Given is null ? Own.Value.Ctl
            : Environment.GetEnvironmentVariable("DOWNHILL_TEST_POSTGRES_CTL") ?? throw new InvalidOperationException("DOWNHILL_TEST_POSTGRES_CTL is not set");
        string[] parts = ctl.Split(' ');
        var start = new ProcessStartInfo(parts[0]) { RedirectStandardError = true };
        foreach (string p in parts.Skip(1).Append(action)) start.ArgumentList.Add(p);
        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{ctl} {action} failed: {error}");
    }
}

/// <summary>The tests that use the shared test server one at a time: one of them stops and restarts it.</summary>
[CollectionDefinition("postgres", DisableParallelization = true)]
public sealed class PostgresCollection;
