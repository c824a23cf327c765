using Downhill.Tests.Cli;
using Microsoft.Data.Sqlite;

namespace Downhill.Tests.Studies;

/// <summary>
/// Bad storage from the command: an unreachable server, a refused login, a missing database, another scheme, an
/// over-long study name, and study files that are damaged, foreign, read-only or not SQLite at all. Each is one line on
/// stderr, exit 2, and leaves what it was given as it was.
/// </summary>
[Collection("postgres")]
public sealed class StudyInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-badstudy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Tune(string storage, params string[] more) =>
    [
        "tune", "-f", "rosenbrock", "-o", "sgd", "--range", "lr=1e-5..1e-2:log", "--trials", "4", "--rounds", "1",
        "--budget-iter", "50", "--threads", "1", "--storage", storage, .. more,
    ];

    private static void Refused(string[] args, string message)
    {
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.Out);
        Assert.Equal($"downhill: {message}", outcome.Error.TrimEnd('\n'));
    }

    [Fact]
    public void AnotherSchemeIsRefused() =>
        Refused(Tune("mysql://user:secret@localhost:3306/studies"),
            "--storage: storage 'mysql://' is not supported: give an SQLite file path or postgresql://user:password@host:port/database\n  mysql://user:secret@localhost:3306/studies\n  ^");

    [Fact]
    public void AStorageWithoutAConnectionIsRefusedByTheLibraryBeforeConnecting()
    {
        // No server listens on port 1: the options are checked before any connection is tried.
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Downhill.Studies.StudyStorage.Open("postgresql://user:secret@127.0.0.1:1/studies", new Downhill.Studies.StorageOptions { MaxConnections = 0 }));
        Assert.Equal("options.MaxConnections", refused.ParamName);
    }

    [Fact]
    public void AStudyNameOfAThousandCharactersIsRefusedBeforeAnythingIsOpened()
    {
        string path = Path.Combine(_folder, "never.db");
        Refused(Tune(path, "--study", new string('s', 1000)), "--study: a study name is at most 200 characters; this one has 1,000");
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void AnUnreachableServerIsOneLine() =>
        Refused(Tune("postgresql://downhill:secret@127.0.0.1:1/studies"), "--storage: cannot reach PostgreSQL at 127.0.0.1:1: Connection refused");

    [PostgresFact]
    public void AWrongPasswordIsOneLine() =>
        Refused(Tune(TestPostgres.WithPassword(TestPostgres.Url!, "wrong")),
            $"--storage: PostgreSQL at 127.0.0.1:{new Uri(TestPostgres.Url!).Port} refused user 'downhill': the password is wrong");

    [PostgresFact]
    public void AMissingDatabaseIsOneLine() =>
        Refused(Tune(TestPostgres.WithDatabase(TestPostgres.Url!, "no_such_studies")),
            $"--storage: PostgreSQL at 127.0.0.1:{new Uri(TestPostgres.Url!).Port} has no database 'no_such_studies' (create it first, e.g. createdb no_such_studies)");

    [Fact]
    public void AOneByteFileThatIsNotSqliteIsRefusedUntouched()
    {
        string path = Path.Combine(_folder, "one.db");
        File.WriteAllBytes(path, [0x41]);
        Refused(Tune(path), $"--storage '{path}' is not an SQLite file (1 bytes without SQLite's header): give a new file or one a study wrote");
        Assert.Equal([0x41], File.ReadAllBytes(path));
    }

    [Fact]
    public void AReadOnlyStudyFileIsRefused()
    {
        string path = Study("readonly.db");
        if (OperatingSystem.IsWindows()) File.SetAttributes(path, FileAttributes.ReadOnly);
        else File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        byte[] before = File.ReadAllBytes(path);
        Refused(Tune(path), $"--storage '{path}' is read-only: a study writes every trial as it ends (make it writable, or give another file)");
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void AGarbledStudyFileIsRefused()
    {
        string path = Study("garbled.db");
        byte[] bytes = File.ReadAllBytes(path);
        new Random(3).NextBytes(bytes.AsSpan(100, bytes.Length - 100));
        File.WriteAllBytes(path, bytes);
        var outcome = CliHarness.Run(Tune(path));
        Assert.Equal(2, outcome.ExitCode);
        Assert.Matches($"^downhill: --storage '{System.Text.RegularExpressions.Regex.Escape(path)}' is (damaged|not an SQLite database)", outcome.Error);
        Assert.Single(outcome.Error.TrimEnd('\n').Split('\n'));
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AnSqliteFileOfAnotherSchemaIsRefusedUntouched()
    {
        string path = Path.Combine(_folder, "people.db");
        Sql(path, "CREATE TABLE people (name TEXT); INSERT INTO people VALUES ('ada')");
        byte[] before = File.ReadAllBytes(path);
        Refused(Tune(path), $"--storage '{path}' is not a Downhill study file: it holds the tables people");
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void ANonNumericScoreIsNamed()
    {
        string path = Study("score.db");
        Sql(path, "UPDATE downhill_trials SET score = 'abc' WHERE number = 2");
        Refused(Tune(path), $"'{path}': trial 2's score is 'abc', not a number: the study is damaged");
    }

    [Fact]
    public void ASecondTuneOnAStudyInUseJoinsIt()
    {
        string path = Path.Combine(_folder, "shared.db");
        string[] args = ["tune", "-f", "rosenbrock", "--dim", "50", "-o", "sgd", "--range", "lr=1e-6..1e-4:log", "--trials", "10", "--rounds", "2",
            "--budget-iter", "4000", "--threads", "1", "--json", "--storage", path];
        var reference = CliHarness.Run([.. args[..^2]]);
        using var first = CliProcess.Start(args);
        using var second = CliProcess.Start(args);
        foreach (var worker in new[] { first, second })
        {
            var outcome = worker.Wait(TimeSpan.FromMinutes(3));
            Assert.True(outcome.ExitCode == 0, outcome.Error);
            Assert.Equal(reference.Out, outcome.Out);
        }
    }

    /// <summary>A finished four-trial study file.</summary>
    private string Study(string name)
    {
        string path = Path.Combine(_folder, name);
        var made = CliHarness.Run(Tune(path));
        Assert.True(made.ExitCode == 0, made.Error);
        return path;
    }

    private static void Sql(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
