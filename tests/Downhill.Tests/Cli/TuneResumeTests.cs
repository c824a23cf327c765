using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Downhill.Tests.Cli;

/// <summary>
/// A tune study killed with SIGKILL mid-way and re-run with the same storage ends exactly as an uninterrupted one:
/// the command runs as its own process, which the test kills once a few trials are in the file.
/// </summary>
public class TuneResumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Study(string storage) =>
    [
        "tune", "-f", "rosenbrock", "--dim", "20", "-o", "sgd", "--range", "lr=1e-6..1e-3:log", "--range", "momentum=0..0.9",
        "--trials", "8", "--rounds", "3", "--budget-iter", "60000", "--seed", "3", "--threads", "1", "--storage", storage, "--json",
    ];

    [Fact]
    public void KilledStudyResumesToTheUninterruptedResult()
    {
        string killedPath = Path.Combine(_folder, "killed.db");
        int atKill = RunAndKill(Study(killedPath), killedPath, finishedTrials: 3);

        var resumed = CliHarness.Run(Study(killedPath));
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal($"downhill: note: continued the study in '{killedPath}': {atKill} finished evaluations read, {24 - atKill} run now",
            resumed.Error.Trim());
        Assert.Equal(24, CountTrials(killedPath));

        var whole = CliHarness.Run(Study(Path.Combine(_folder, "whole.db")));
        Assert.True(whole.ExitCode == 0, whole.Error);
        Assert.Equal("", whole.Error);
        Assert.Equal(whole.Out, resumed.Out);
    }

    /// <summary>Starts the command as a process and SIGKILLs it once the file holds <paramref name="finishedTrials"/> trials; returns how many it held after the kill.</summary>
    private static int RunAndKill(string[] args, string storage, int finishedTrials)
    {
        using var process = CliProcess.Start(args);
        var clock = Stopwatch.StartNew();
        while (CountTrials(storage) < finishedTrials)
        {
            if (process.Process.HasExited) Assert.Fail($"the study ended before it could be killed: {process.Error}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "no trial finished within a minute");
            Thread.Sleep(5);
        }
        process.Kill();
        int stored = CountTrials(storage);
        Assert.True(stored < 24, "the study finished before the kill");
        return stored;
    }

    private static int CountTrials(string path)
    {
        if (!File.Exists(path)) return 0;
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Mode=ReadWrite;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM downhill_trials WHERE ended_at IS NOT NULL";
            return Convert.ToInt32(command.ExecuteScalar());
        }
        catch (SqliteException)
        {
            return 0; // the file exists but its tables are not made yet
        }
    }
}
