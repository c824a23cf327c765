using Npgsql;

namespace Downhill.Studies;

/// <summary>Reads <c>postgresql://user:password@host:port/database</c> into Npgsql's settings.</summary>
internal static class PostgresUrl
{
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection settings and the URL without its password (for messages).</summary>
    public static (NpgsqlConnectionStringBuilder Builder, string Location) Parse(string url)
    {
        const string form = "postgresql://user:password@host:port/database";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new InputException($"storage URL is not of the form {form}", url, 0);
        if (uri.UserInfo.Length == 0) throw new InputException($"storage URL names no user: expected {form}", url, url.IndexOf("//", StringComparison.Ordinal) + 2);
        string[] user = uri.UserInfo.Split(':', 2);
        string database = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
        if (database.Length == 0 || database.Contains('/'))
            throw new InputException($"storage URL names no database: expected {form}", url, url.Length);
        if (uri.Query.Length > 0) throw new InputException($"storage URL: options after '?' are not read; expected {form}", url, url.IndexOf('?'));
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = database,
            CommandTimeout = 60,
            NoResetOnClose = true,
            ApplicationName = "downhill",
        };
        return (builder, $"postgresql://{Uri.EscapeDataString(builder.Username)}@{uri.Host}:{builder.Port}/{database}");
    }
}
