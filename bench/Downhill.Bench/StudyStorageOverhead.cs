using System.Diagnostics;
using Downhill.Analysis.Tuning;
using Downhill.Studies;
using Npgsql;

namespace Downhill.Bench;

/// <summary>
/// What a study's storage costs a trial, on a PostgreSQL server (for example the one tools/postgres/test-cluster runs):
/// <c>study-overhead URL [rounds]</c> times the storage calls of one trial (two lease renewals, five epoch reports each
/// carrying the pruning rule's read, and the end that claims the next trial: eight calls, one round trip each) in a
/// study of 100 trials and in two of 100,000 (one whose first 99,800 ended beforehand, in bulk, so the timed trials are
/// the study's last; one whose first 200 are timed, 99,800 queued behind them), after an untimed warm-up, in
/// alternating rounds; <c>study-throughput URL [workers] [trials] [iterations] [rounds]</c> runs the same fast trials
/// (sgd on Rosenbrock) in 8 worker processes of the real command with no storage and through PostgreSQL, in
/// alternating rounds, and compares their wall and CPU times (see <see cref="Throughput"/>).
/// </summary>
public static class StudyStorageOverhead
{
    public static int Run(string[] args)
    {
        if (args.Length < 2) { Console.Error.WriteLine("usage: study-overhead URL [rounds] | study-throughput URL [workers] [trials] [iterations] [rounds]"); return 2; }
        return args[0] == "study-overhead" ? Overhead(args[1], Arg(args, 2, 3)) : Throughput(args[1], Arg(args, 2, 8), Arg(args, 3, 1000), Arg(args, 4, 20000), Arg(args, 5, 3));
    }

    private static int Arg(string[] args, int k, int fallback) => args.Length > k ? int.Parse(args[k], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static readonly SearchRange[] Ranges = [SearchRange.Parse("lr=1e-6..1e-4:log"), SearchRange.Parse("momentum=0..0.9")];

    private static int Overhead(string url, int rounds)
    {
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");
        // One storage for every case, after one untimed study: compiling the code paths, opening the connections and
        // preparing the statements on them (each connection parses and plans each statement once) are not timed.
        using var storage = StudyStorage.Open(url);
        Measure(storage, url, 50, 50);
        // A study of 100 trials; one of 100,000 whose last 200 are timed (99,800 ended before them); and one of 100,000
        // whose first 200 are timed (99,800 queued behind them).
        var cases = new (string Name, int Size, bool Last)[] { ("100 trials", 100, true), ("100,000 trials, the last 200", 100_000, true), ("100,000 trials, the first 200", 100_000, false) };
        var p95 = cases.ToDictionary(c => c.Name, _ => new List<double>());
        for (int round = 1; round <= rounds; round++)
            foreach (var (name, size, last) in cases)
            {
                var m = Measure(storage, url, size, Math.Min(size, 200), last);
                p95[name].Add(m.P95);
                Console.WriteLine($"round {round}, study of {name} (joined in {m.Join:0.00} s): storage per trial over {m.Timed} trials: " +
                                  $"p50 {m.P50:0.00} ms, p95 {m.P95:0.00} ms, p99 {m.P99:0.00} ms, max {m.Max:0.00} ms " +
                                  $"(8 calls each; p50 ms a call {m.Profile})" + (last ? $"; the last trial's end and the claim that closes the study took {m.Close:0.0} ms" : ""));
            }
        foreach (var (name, values) in p95)
            Console.WriteLine($"median over {rounds} rounds: p95 {Median(values):0.00} ms a trial in a study of {name} (target ≤ 5 ms); load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>
    /// The storage calls of <paramref name="timed"/> trials of a new study of <paramref name="size"/> trials, each timed: its
    /// last ones (the others ended before them), or when not <paramref name="last"/> its first (the others queued).
    /// </summary>
    private static (double Join, int Timed, double P50, double P95, double P99, double Max, double Close, string Profile) Measure(IStudyStorage storage, string url,
        int size, int timed, bool last = true)
    {
        var definition = new StudyDefinition($"overhead-{size}-{Guid.NewGuid():N}", "bench", Ranges,
            new TuneOptions { TrialsPerRound = size, Rounds = 1, Pruning = Pruning.Parse("median") });
        var clock = Stopwatch.StartNew();
        var study = storage.Join(definition);
        double join = clock.Elapsed.TotalSeconds;
        if (size > timed && last) FastForward(url, study.Id, size - timed);
        Quiet(url);
        var lease = TimeSpan.FromSeconds(15);
        var costs = new List<double>();
        var calls = new Dictionary<string, List<double>> { ["claim"] = [], ["renew"] = [], ["report"] = [], ["end+claim"] = [] };
        double close = 0;
        T Timed<T>(string call, Func<T> work)
        {
            long before = Stopwatch.GetTimestamp();
            var result = work();
            calls[call].Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            return result;
        }
        // A worker claims once; after that each trial's end claims the next in the same call (as StudyRunner's workers do).
        clock.Restart();
        var claim = Timed("claim", () => storage.TryClaim(study, "bench:1", lease)).Single();
        for (int k = 0; k < timed; k++)
        {
            if (k > 0) clock.Restart();
            Timed("renew", () => storage.Renew([claim], lease));
            for (int epoch = 1; epoch <= 5; epoch++)
                Timed("report", () => storage.Report(claim, epoch, 1.0 / epoch + claim.Request.Settings[0].Value, lease,
                    referenceFrom: Math.Max(0, claim.Request.Number - 8)));
            Timed("renew", () => storage.Renew([claim], lease));
            var beforeEnd = clock.Elapsed.TotalMilliseconds;
            var (_, next) = Timed("end+claim", () => storage.EndAndClaim([new TrialEnd(claim, new TrialOutcome(claim.Request.Settings[0].Value, "max-iter"), 0.01)], 1, lease));
            if (k == timed - 1 && last)
            {
                // The end of the study's last trial, whose claim finds the last stage all ended and closes it (and the study).
                close = clock.Elapsed.TotalMilliseconds - beforeEnd;
                if (next.Count > 0) throw new InvalidOperationException("a trial was left after the study's last");
            }
            else
            {
                costs.Add(clock.Elapsed.TotalMilliseconds);
                claim = next.Count == 1 ? next[0] : throw new InvalidOperationException($"no trial left to claim after {k + 1} of {timed}");
            }
        }
        if (last && !storage.Status(study).Done) throw new InvalidOperationException("the study did not close");
        costs.Sort();
        string profile = string.Join(", ", calls.Select(c => $"{c.Key} {Quantile(c.Value.Order().ToList(), 0.5):0.00}"));
        return (join, costs.Count, Quantile(costs, 0.5), Quantile(costs, 0.95), Quantile(costs, 0.99), costs[^1], close, profile);
    }

    /// <summary>Ends the first <paramref name="count"/> trials in bulk, each with five reports, as if workers had run them.</summary>
    private static void FastForward(string url, long study, int count)
    {
        using var source = NpgsqlDataSource.Create(Connection(url));
        using var connection = source.OpenConnection();
        foreach (string sql in new[]
                 {
                     $"UPDATE downhill_trials SET state = 'finished', attempts = 1, worker = 'bench:0', score = number * 1e-6, stop = 'max-iter', seconds = 0.01, last_epoch = 5, started_at = 0, ended_at = 0 WHERE study_id = {study} AND number < {count}",
                     $"INSERT INTO downhill_reports (study_id, number, rung, epoch, value) SELECT {study}, n, 0, e, 1.0 / e FROM generate_series(0, {count - 1}) n, generate_series(1, 5) e",
                     // The vacuums autovacuum runs every 2,000 dead rows (see StudySchema's TrialsChurn) while workers end
                     // trials one by one; without them the bulk update leaves 99,800 dead index entries for the claims to walk.
                     "VACUUM ANALYZE downhill_trials", "VACUUM ANALYZE downhill_reports",
                 })
        {
            using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
            command.ExecuteNonQuery();
        }
        // The bulk writes' dirty pages are flushed now, not by the checkpointer while the next study is timed (where
        // allowed: CHECKPOINT needs a superuser or pg_checkpoint).
        try
        {
            using var checkpoint = new NpgsqlCommand("CHECKPOINT", connection) { CommandTimeout = 600 };
            checkpoint.ExecuteNonQuery();
        }
        catch (PostgresException e) when (e.SqlState == "42501")
        {
        }
    }

    /// <summary>
    /// Waits (up to a minute) until no autovacuum runs: the vacuum that a case's bulk setup sets off (100,000 trials
    /// inserted, 99,800 ended at once) would otherwise run beside the next case's timed trials, on the same two cores.
    /// </summary>
    private static void Quiet(string url)
    {
        using var source = NpgsqlDataSource.Create(Connection(url));
        using var connection = source.OpenConnection();
        using var busy = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'", connection);
        var clock = Stopwatch.StartNew();
        do Thread.Sleep(500);
        while ((long)busy.ExecuteScalar()! > 0 && clock.Elapsed < TimeSpan.FromMinutes(1));
    }

    private static string Connection(string url)
    {
        var uri = new Uri(url);
        string[] user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host, Port = uri.Port, Username = Uri.UnescapeDataString(user[0]), Password = Uri.UnescapeDataString(user[1]),
            Database = uri.AbsolutePath.Trim('/'),
        }.ConnectionString;
    }

    /// <summary>
    /// Total wall time for the same number of trials run by the same number of worker processes of the real command,
    /// started together: each process alone in memory with its share of the trials (no storage), the processes each
    /// joining one PostgreSQL study of all the trials (<c>downhill tune --storage URL --study S</c> started N times), and
    /// one <c>--workers N</c> command (which starts the N processes itself and reads the study's result at the end).
    /// Every trial is a fixed number of sgd steps (no gradient tolerance, a start that does not diverge), so a trial
    /// costs the same whatever its settings and the three differ only in the storage. Each runs N and 2N trials: the
    /// time of N trials end to end holds each process's start-up (the runtime's, paid alike by all three, and the
    /// storage's: compiling its code, connecting, reading the study at the end); the difference between the two, the
    /// time of N more trials, holds what storage costs each trial. With more processes than cores the processes share
    /// the cores, as the PostgreSQL server does: storage work costs throughput both as waiting and as the CPU it takes
    /// from trials. Each time comes with the CPU seconds of the worker processes and of the server (when it runs on this
    /// machine): on a shared machine they vary far less than wall times, and the share of them spent on storage is the
    /// share of throughput it costs when the processes keep every core busy.
    /// </summary>
    private static int Throughput(string url, int workers, int trials, int iterations, int rounds)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Downhill.Cli.dll");
        string[] trial = ["tune", "-f", "rosenbrock", "--dim", "20", "-o", "sgd", "--range", "lr=1e-6..1e-4:log", "--range", "momentum=0..0.9",
            $"--x0={string.Join(',', Enumerable.Repeat("-1", 20))}", "--budget-iter", $"{iterations}", "--grad-tol", "0", "--rounds", "1",
            "--seed", "3", "--threads", "1", "--json"];
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores; {workers} worker processes, " +
                          $"{trials} trials of {iterations} sgd iterations on Rosenbrock (20 variables)");
        string[] Share(int k, int n) => [.. trial, "--trials", $"{n / workers + (k < n % workers ? 1 : 0)}"];
        string[] Joining(string study, int n) => [.. trial, "--trials", $"{n}", "--storage", url, "--study", study];
        string Study() => $"throughput-{Guid.NewGuid():N}";
        var runs = new (string Name, Func<int, IEnumerable<string[]>> Commands)[]
        {
            ("no storage", n => Enumerable.Range(0, workers).Select(k => Share(k, n))),
            ($"PostgreSQL, {workers} commands", n => { string study = Study(); return Enumerable.Range(0, workers).Select(_ => Joining(study, n)); }),
            ($"PostgreSQL, --workers {workers}", n => [[.. Joining(Study(), n), "--workers", $"{workers}"]]),
        };
        int? server = Postmaster(url);
        // Untimed: a small run of each first, so that the timed ones do not pay for reading the assemblies from disk.
        foreach (var (_, commands) in runs) Wall(cli, commands(2 * workers), 2 * workers, server);
        // Each kind at N and at 2N trials: the difference is the time of N trials with every fixed cost (start-up,
        // connecting, compiling the storage's code, reading the study at the end) cancelled out.
        var whole = runs.ToDictionary(r => r.Name, _ => new List<Spent>());
        var marginal = runs.ToDictionary(r => r.Name, _ => new List<Spent>());
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var (name, commands) in runs)
            {
                Spent once = Wall(cli, commands(trials), trials, server), twice = Wall(cli, commands(2 * trials), 2 * trials, server);
                whole[name].Add(once);
                marginal[name].Add(twice - once);
            }
            Console.WriteLine($"round {round}: " + string.Join("; ", runs.Select(r =>
                $"{r.Name} {whole[r.Name][^1]} for {trials}, {whole[r.Name][^1] + marginal[r.Name][^1]} for {2 * trials}" +
                (r == runs[0] ? "" : $" ({Lost(whole[runs[0].Name][^1], whole[r.Name][^1])} lost end to end, " +
                                     $"{Lost(marginal[runs[0].Name][^1], marginal[r.Name][^1])} on the second {trials})"))));
        }
        foreach (var (name, _) in runs.Skip(1))
        {
            Spent aloneWhole = Spent.Median(whole[runs[0].Name]), aloneMarginal = Spent.Median(marginal[runs[0].Name]);
            Console.WriteLine($"median over {rounds} rounds, {name}: {trials} trials end to end {Spent.Median(whole[name])} against " +
                              $"{aloneWhole} with no storage ({Lost(aloneWhole, Spent.Median(whole[name]))} of the throughput lost); " +
                              $"{trials} more trials {Spent.Median(marginal[name])} against {aloneMarginal} " +
                              $"({Lost(aloneMarginal, Spent.Median(marginal[name]))} lost; target ≤ 10%)");
        }
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>
    /// Starts every command at once and waits for all; the wall seconds from the first start to the last exit. Checks
    /// that each exited 0 and that together they printed <paramref name="trials"/> trials (each study's own JSON), every
    /// one run to the iteration budget.
    /// </summary>
    private static Spent Wall(string cli, IEnumerable<string[]> commands, int trials, int? server)
    {
        var (clientsBefore, serverBefore) = (ChildrenCpu(), ServerCpu(server));
        var clock = Stopwatch.StartNew();
        var processes = commands.Select(arguments =>
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(cli);
            foreach (string argument in arguments) start.ArgumentList.Add(argument);
            var process = Process.Start(start)!;
            return (Process: process, Output: process.StandardOutput.ReadToEndAsync(), Error: process.StandardError.ReadToEndAsync());
        }).ToList();
        foreach (var (process, _, _) in processes) process.WaitForExit();
        double wall = clock.Elapsed.TotalSeconds;
        var counts = new List<int>();
        foreach (var (process, output, error) in processes)
        {
            if (process.ExitCode != 0) throw new InvalidOperationException($"a worker exited with {process.ExitCode}: {error.Result.Trim()}");
            using var json = System.Text.Json.JsonDocument.Parse(output.Result);
            var ran = json.RootElement.GetProperty("rounds").EnumerateArray().SelectMany(r => r.GetProperty("trials").EnumerateArray()).ToList();
            if (ran.Any(t => t.GetProperty("stop").GetString() != "max-iter"))
                throw new InvalidOperationException("a trial stopped before its iteration budget: the trials would not cost the same");
            counts.Add(ran.Count);
            process.Dispose();
        }
        // Processes alone print their own shares; processes of one study each print the whole study.
        if (counts.Sum() != trials && counts.Any(c => c != trials))
            throw new InvalidOperationException($"the processes printed {string.Join(", ", counts)} trials, not {trials} in all");
        // The server's backends end a moment after their workers: let them, so that their CPU is counted here.
        Thread.Sleep(200);
        return new Spent(wall, ChildrenCpu() - clientsBefore, ServerCpu(server) - serverBefore);
    }

    /// <summary>
    /// A run's wall seconds and CPU seconds: of the worker processes (and the processes they started), and of the
    /// PostgreSQL server (its ended backends included) when it runs on this machine. With more processes than cores
    /// the wall time follows the CPU time, which is far steadier on a shared machine.
    /// </summary>
    private readonly record struct Spent(double Wall, double Clients, double Server)
    {
        public double Cpu => Clients + Server;

        public static Spent operator -(Spent a, Spent b) => new(a.Wall - b.Wall, a.Clients - b.Clients, a.Server - b.Server);

        public static Spent operator +(Spent a, Spent b) => new(a.Wall + b.Wall, a.Clients + b.Clients, a.Server + b.Server);

        /// <summary>Each measure's own median.</summary>
        public static Spent Median(List<Spent> all) =>
            new(StudyStorageOverhead.Median(all.ConvertAll(s => s.Wall)), StudyStorageOverhead.Median(all.ConvertAll(s => s.Clients)),
                StudyStorageOverhead.Median(all.ConvertAll(s => s.Server)));

        public override string ToString() => $"{Wall:0.00} s (CPU {Clients:0.00} s + server {Server:0.00} s)";
    }

    /// <summary>The share of the wall time and of the CPU time that <paramref name="stored"/> spent beyond <paramref name="alone"/>.</summary>
    private static string Lost(Spent alone, Spent stored) => $"{1 - alone.Wall / stored.Wall:P1} (CPU {1 - alone.Cpu / stored.Cpu:P1})";

    /// <summary>CPU seconds of this process's ended children, theirs included (/proc/self/stat's cutime and cstime).</summary>
    private static double ChildrenCpu() => Ticks("/proc/self/stat", from: 16);

    /// <summary>CPU seconds of the server: its postmaster and its ended backends; 0 when it does not run here.</summary>
    private static double ServerCpu(int? postmaster) => postmaster is int pid ? Ticks($"/proc/{pid}/stat", from: 14) : 0;

    /// <summary>The sum of the stat fields from <paramref name="from"/> to 17 (utime, stime, cutime, cstime: 14 to 17), in seconds.</summary>
    private static double Ticks(string stat, int from)
    {
        // The fields after the command's name, which may hold spaces, start with the third.
        string[] fields = File.ReadAllText(stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Enumerable.Range(from, 17 - from + 1).Sum(f => long.Parse(fields[f - 3], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>The server's postmaster, when it runs on this machine and its data folder can be read; otherwise null (no server CPU).</summary>
    private static int? Postmaster(string url)
    {
        try
        {
            using var source = NpgsqlDataSource.Create(Connection(url));
            using var command = source.CreateCommand("SHOW data_directory");
            string folder = (string)command.ExecuteScalar()!;
            int pid = int.Parse(File.ReadLines(Path.Combine(folder, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
            return File.Exists($"/proc/{pid}/stat") ? pid : null;
        }
        catch (Exception e) when (e is NpgsqlException or IOException or UnauthorizedAccessException or FormatException)
        {
            Console.WriteLine($"the server's CPU is not counted: {e.Message}");
            return null;
        }
    }

    private static double Median(List<double> values) => Quantile(values.Order().ToList(), 0.5);

    private static double Quantile(IReadOnlyList<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
