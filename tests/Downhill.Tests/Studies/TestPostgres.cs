using System.Diagnostics;
using Npgsql;

namespace Downhill.Tests.Studies;

/// <summary>
/// A fact that needs PostgreSQL: the server whose URL is in DOWNHILL_TEST_POSTGRES (tools/postgres/test-cluster run
/// sets it). Where it is absent the test is skipped, saying why, except under CI, where it must be there and the test
/// fails instead.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestPostgres.Url is null && Environment.GetEnvironmentVariable("CI") is null)
            Skip = "no PostgreSQL for this test: DOWNHILL_TEST_POSTGRES is not set (run the tests through tools/postgres/test-cluster run …)";
    }
}

/// <summary>The tests' PostgreSQL: its URL, a fresh database per test, and a way to stop and start the server.</summary>
public static class TestPostgres
{
    public static string? Url => Environment.GetEnvironmentVariable("DOWNHILL_TEST_POSTGRES");

    private static string Required => Url ?? throw new InvalidOperationException("DOWNHILL_TEST_POSTGRES is not set (CI must run the tests through tools/postgres/test-cluster run)");

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

    /// <summary>Stops or starts the test server (DOWNHILL_TEST_POSTGRES_CTL).</summary>
    public static void Server(string action)
    {
        string ctl = Environment.GetEnvironmentVariable("DOWNHILL_TEST_POSTGRES_CTL")
                     ?? throw new InvalidOperationException("DOWNHILL_TEST_POSTGRES_CTL is not set");
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
