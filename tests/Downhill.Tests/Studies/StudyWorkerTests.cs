using System.Diagnostics;
using Downhill.Studies;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Studies;

/// <summary>
/// Studies shared by worker processes through PostgreSQL, run as a user would: the command started several times.
/// Whatever the number of workers, their deaths, the server's restart or the network they come from, the study runs
/// exactly its trials, each once, and ends as one worker alone (or an SQLite file) ends it.
/// </summary>
[Collection("postgres")]
public sealed class StudyWorkerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-workers-").FullName;
    private readonly List<string> _databases = [];

    public void Dispose()
    {
        Directory.Delete(_folder, recursive: true);
        foreach (string url in _databases) TestPostgres.Drop(url);
    }

    /// <summary>A fresh database with Downhill's tables made, so the test can watch them from the start.</summary>
    private string Database()
    {
        string url = TestPostgres.NewDatabase();
        _databases.Add(url);
        Downhill.Studies.StudyStorage.Open(url).Dispose();
        return url;
    }

    /// <summary>A study of function trials: sgd on Rosenbrock, <paramref name="trials"/> × <paramref name="rounds"/> trials of <paramref name="budget"/> iterations.</summary>
    private static string[] Study(int trials, int rounds, int dim, int budget, params string[] more) =>
    [
        "tune", "-f", "rosenbrock", "--dim", $"{dim}", "-o", "sgd", "--range", "lr=1e-6..1e-4:log", "--range", "momentum=0..0.9",
        "--trials", $"{trials}", "--rounds", $"{rounds}", "--budget-iter", $"{budget}", "--grad-tol", "0", "--seed", "5",
        "--threads", "1", "--json", .. more,
    ];

    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [PostgresFact]
    public void FourWorkerProcessesRunExactlyTheStudyOneWorkerAndSqliteRun()
    {
        string url = Database();
        var study = Study(50, 4, 20, 200);
        var four = CliHarness.Run([.. study, "--storage", url, "--study", "four", "--workers", "4"]);
        Assert.True(four.ExitCode == 0, four.Error);
        var one = CliHarness.Run([.. study, "--storage", url, "--study", "one"]);
        Assert.True(one.ExitCode == 0, one.Error);
        var file = CliHarness.Run([.. study, "--storage", Path.Combine(_folder, "one.db")]);
        Assert.True(file.ExitCode == 0, file.Error);
        Assert.Equal(one.Out, four.Out);
        Assert.Equal(file.Out, four.Out);
        Assert.Contains("\"trials\":200,", four.Out);
        Assert.Equal(Enumerable.Range(0, 200).Select(n => (object?)n),
            TestPostgres.Column(url, "SELECT t.number FROM downhill_trials t JOIN downhill_studies s ON s.id = t.study_id WHERE s.name = 'four' AND t.state = 'finished' AND t.attempts = 1 ORDER BY t.number"));
        Assert.Equal([0L], TestPostgres.Column(url, "SELECT COUNT(*) FROM downhill_losses"));
        // The command worked as one of the four (its trials name this process), beside three it started.
        var processes = TestPostgres.Column(url, "SELECT DISTINCT split_part(t.worker, ':', 2) FROM downhill_trials t JOIN downhill_studies s ON s.id = t.study_id WHERE s.name = 'four'");
        Assert.Contains($"{Environment.ProcessId}", processes);
        Assert.InRange(processes.Count, 1, 4);
    }

    [Fact]
    public void AStartedWorkerRunsTheTrialsItIsHandedAndAnswersOnItsOutputAlone()
    {
        var study = Study(8, 1, 10, 2000);
        var reference = System.Text.Json.JsonDocument.Parse(CliHarness.Run(study).Out).RootElement.GetProperty("rounds")[0].GetProperty("trials")[3];
        var settings = reference.GetProperty("hyperparameters").EnumerateObject()
            .Select(p => new Downhill.Analysis.Tuning.Setting(p.Name, p.Value.GetDouble())).ToList();
        using var started = CliProcess.Start([.. study, "--started-worker"], input: true);
        started.Input.WriteLine(TrialWire.RunMessage(41, new Downhill.Analysis.Tuning.TrialRequest(3, 0, 3, 0, settings, 1, 0)));
        started.Input.Flush();
        var clock = Stopwatch.StartNew();
        while (started.Out.Length == 0 && clock.Elapsed < Patience) Thread.Sleep(20);
        var answer = TrialWire.Read(started.Out.Trim());
        Assert.Equal((TrialWire.Outcome, 41L), (answer.Kind, answer.Id));
        // The same trial scores the same in a process that only runs trials as in one that runs the whole study.
        Assert.Equal(new Downhill.Analysis.Tuning.TrialOutcome(reference.GetProperty("score").GetDouble(), reference.GetProperty("stop").GetString()!),
            TrialWire.ReadOutcome(answer.Body));
        // Its input ended (the process that started it is done or dead), it stops, having printed nothing else.
        started.Input.Close();
        var outcome = started.Wait(Patience);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal("", outcome.Error);
        Assert.Single(outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [PostgresFact]
    public void AStartedWorkerKilledMidStudyLeavesItsTrialToTheProcessThatStartedIt()
    {
        string url = Database();
        var study = Study(16, 3, 100, 60_000);
        var reference = CliHarness.Run(study);
        Assert.True(reference.ExitCode == 0, reference.Error);
        using var command = CliProcess.Start([.. study, "--storage", url, "--study", "killed-child", "--workers", "3"]);
        var clock = Stopwatch.StartNew();
        int victim;
        while (true)
        {
            Assert.True(clock.Elapsed < Patience && !command.Process.HasExited, $"no started worker to kill mid-study: {command.Error}");
            Thread.Sleep(50);
            var children = StartedBy(command.Process.Id);
            long ended = (long)TestPostgres.Column(url, "SELECT COUNT(*) FROM downhill_trials WHERE state = 'finished'")[0]!;
            if (children.Count == 2 && ended is >= 4 and <= 24)
            {
                victim = children[0];
                Process.GetProcessById(victim).Kill();
                break;
            }
        }
        var outcome = command.Wait(Patience);
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        Assert.Equal(reference.Out, outcome.Out);
        Assert.Contains($"downhill: note: worker {victim} exited with signal 9", outcome.Error);
        // The process that held the claim ran the trial again: each of the 48 finished once, under one claim, none lost.
        Assert.Equal(Enumerable.Range(0, 48).Select(n => (object?)n),
            TestPostgres.Column(url, "SELECT number FROM downhill_trials WHERE state = 'finished' AND attempts = 1 ORDER BY number"));
        Assert.Equal([0L], TestPostgres.Column(url, "SELECT COUNT(*) FROM downhill_losses"));
    }

    /// <summary>The processes <paramref name="parent"/> started with --started-worker, by /proc.</summary>
    private static List<int> StartedBy(int parent)
    {
        var children = new List<int>();
        foreach (string folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int pid)) continue;
            try
            {
                string stat = File.ReadAllText(Path.Combine(folder, "stat"));
                // pid (name) state ppid …: the name may hold spaces and parentheses, the fields after the last ')' do not.
                int ppid = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (ppid == parent && File.ReadAllText(Path.Combine(folder, "cmdline")).Contains("--started-worker")) children.Add(pid);
            }
            catch (IOException)
            {
                // It ended while we looked.
            }
        }
        return children;
    }

    [PostgresFact]
    public void WorkersKilledMidTrialLoseNoTrialAndCountNoneTwice()
    {
        string url = Database();
        var study = Study(12, 4, 100, 100_000);
        var reference = CliHarness.Run(study);
        Assert.True(reference.ExitCode == 0, reference.Error);
        // Three kills may all land on the same trial (a re-queued trial is the next one claimed): retries enough for that.
        string[] worker = [.. study, "--storage", url, "--study", "kills", "--heartbeat", "0.25", "--grace", "2", "--retries", "5"];
        var workers = Enumerable.Range(0, 4).Select(_ => CliProcess.Start(worker)).ToList();
        var killed = new List<CliProcess>();
        var random = new Random(14);
        try
        {
            var clock = Stopwatch.StartNew();
            while (killed.Count < 3)
            {
                Assert.True(clock.Elapsed < Patience, "the workers never held a trial to kill");
                Thread.Sleep(random.Next(50, 250));
                // A worker that holds a running trial now: its name is host:pid:thread.
                var holders = TestPostgres.Column(url, "SELECT worker FROM downhill_trials WHERE state = 'running'")
                    .Select(w => int.Parse(((string)w!).Split(':')[1])).ToHashSet();
                var victim = workers.FirstOrDefault(w => !w.Process.HasExited && holders.Contains(w.Process.Id));
                if (victim is null) continue;
                victim.Kill();
                workers.Remove(victim);
                workers.Add(CliProcess.Start(worker));
                // It may have ended its trial between the look and the kill: count the kills that left a trial running.
                if (TestPostgres.Column(url, $"SELECT worker FROM downhill_trials WHERE state = 'running' AND worker LIKE '%:{victim.Process.Id}:%'").Count > 0)
                    killed.Add(victim);
                else victim.Dispose();
            }
            var outcomes = workers.Select(w => w.Wait(Patience)).ToList();
            Assert.Equal(Enumerable.Range(0, 48).Select(n => (object?)n),
                TestPostgres.Column(url, "SELECT number FROM downhill_trials WHERE state = 'finished' ORDER BY number"));
            foreach (var outcome in outcomes)
            {
                Assert.True(outcome.ExitCode == 0, outcome.Error);
                Assert.Equal(reference.Out, outcome.Out);
            }
        }
        finally
        {
            foreach (var w in workers.Concat(killed)) w.Dispose();
        }
        long losses = (long)TestPostgres.Column(url, "SELECT COUNT(*) FROM downhill_losses WHERE requeued = 1")[0]!;
        Assert.True(losses >= 3, $"{losses} trials were lost and run again");
        Assert.Equal([48L + losses], TestPostgres.Column(url, "SELECT SUM(attempts) FROM downhill_trials"));
    }

    [PostgresFact]
    public void WorkersRideOutAServerRestart()
    {
        string url = Database();
        var study = Study(10, 4, 100, 6000);
        var reference = CliHarness.Run(study);
        Assert.True(reference.ExitCode == 0, reference.Error);
        string[] worker = [.. study, "--storage", url, "--study", "restart", "--heartbeat", "0.25", "--grace", "2"];
        var workers = new List<CliProcess>();
        try
        {
            // Both workers must be in the study when the server goes: the test holds the trials table until each of
            // them waits for it (however slowly they start), then lets them work until some trials have ended.
            var clock = Stopwatch.StartNew();
            using (var gate = new Npgsql.NpgsqlConnection(TestPostgres.ConnectionString(url)))
            {
                gate.Open();
                using var hold = gate.BeginTransaction();
                using (var lockTrials = new Npgsql.NpgsqlCommand("LOCK TABLE downhill_trials IN EXCLUSIVE MODE", gate, hold)) lockTrials.ExecuteNonQuery();
                workers.AddRange(Enumerable.Range(0, 2).Select(_ => CliProcess.Start(worker)));
                while ((long)TestPostgres.Column(url, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")[0]! < 2)
                {
                    Assert.True(clock.Elapsed < Patience, "the workers never reached the study");
                    Assert.DoesNotContain(workers, w => w.Process.HasExited);
                    Thread.Sleep(20);
                }
                hold.Commit();
            }
            while ((long)TestPostgres.Column(url, "SELECT COUNT(*) FROM downhill_trials WHERE state = 'finished'")[0]! < 5)
            {
                Assert.True(clock.Elapsed < Patience, "no trial ended");
                Assert.DoesNotContain(workers, w => w.Process.HasExited);
                Thread.Sleep(20);
            }
            TestPostgres.Server("stop");
            Thread.Sleep(1500);
            TestPostgres.Server("start");
            foreach (var w in workers)
            {
                var outcome = w.Wait(Patience);
                Assert.True(outcome.ExitCode == 0, outcome.Error);
                Assert.Equal(reference.Out, outcome.Out);
            }
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }
        Assert.Equal([40L], TestPostgres.Column(url, "SELECT COUNT(*) FROM downhill_trials WHERE state = 'finished'"));
    }

    [PostgresFact]
    public void TrainingTrialsOnTwoWorkersPruneSomeAndReportTheBestValidationAccuracy()
    {
        string url = Database();
        string[] study =
        [
            "tune", "--train", "-d", "digits", "-m", "mlp:32", "-o", "sgd", "--range", "lr=1e-3..1:log", "--range", "momentum=0..0.9",
            "--trials", "12", "--rounds", "1", "--epochs", "5", "--batch", "32", "--prune", "median:startup=3", "--metric", "val-accuracy",
            "--threads", "1", "--seed", "2", "--json",
        ];
        var two = CliHarness.Run([.. study, "--storage", url, "--study", "digits", "--workers", "2"]);
        Assert.True(two.ExitCode == 0, two.Error);
        var alone = CliHarness.Run(study);
        Assert.Equal(alone.Out, two.Out);
        var report = System.Text.Json.JsonDocument.Parse(two.Out).RootElement;
        var trials = report.GetProperty("rounds")[0].GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(12, trials.Count);
        var pruned = trials.Where(t => t.GetProperty("state").GetString() == "pruned").ToList();
        Assert.NotEmpty(pruned);
        Assert.Contains(trials, t => t.GetProperty("state").GetString() == "finished");
        Assert.All(pruned, t => Assert.Equal(t.GetProperty("epochs").EnumerateArray().Last().GetDouble(), t.GetProperty("score").GetDouble()));
        double best = report.GetProperty("best").GetProperty("score").GetDouble();
        Assert.InRange(best, 0.9, 1.0);
        Assert.Equal(trials.Where(t => t.GetProperty("state").GetString() == "finished").Max(t => t.GetProperty("score").GetDouble()), best);
    }

    [NetworkNamespaceFact]
    public void AWorkerInAnotherNetworkNamespaceJoinsOverAVethPair()
    {
        string url = Database();
        using var machine = new NetworkNamespace();
        var uri = new UriBuilder(url) { Host = machine.HostAddress };
        var study = Study(10, 2, 100, 4000);
        var reference = CliHarness.Run(study);
        string[] args = [.. study, "--study", "netns"];
        using var remote = CliProcess.Start([.. args, "--storage", uri.Uri.ToString().TrimEnd('/')], ["ip", "netns", "exec", machine.Name]);
        // The local worker starts once the remote one has claimed a trial, so that both work on the study.
        var clock = Stopwatch.StartNew();
        while (!TestPostgres.Column(url, "SELECT worker FROM downhill_trials WHERE worker IS NOT NULL").Any())
        {
            Assert.True(clock.Elapsed < Patience && !remote.Process.HasExited, $"the worker in {machine.Name} claimed nothing: {remote.Error}");
            Thread.Sleep(20);
        }
        using var local = CliProcess.Start([.. args, "--storage", url]);
        foreach (var w in new[] { remote, local })
        {
            var outcome = w.Wait(Patience);
            Assert.True(outcome.ExitCode == 0, outcome.Error);
            Assert.Equal(reference.Out, outcome.Out);
        }
        var pids = TestPostgres.Column(url, "SELECT DISTINCT worker FROM downhill_trials").Select(w => int.Parse(((string)w!).Split(':')[1])).ToHashSet();
        Assert.Contains(remote.Process.Id, pids);
    }
}
