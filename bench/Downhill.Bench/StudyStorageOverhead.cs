using System.Diagnostics;
using Downhill.Analysis.Tuning;
using Downhill.Studies;
using Npgsql;

namespace Downhill.Bench;

/// <summary>
/// What a study's storage costs a trial, on a PostgreSQL server (for example the one tools/postgres/test-cluster runs):
/// <c>study-overhead URL [rounds]</c> times the storage calls of one trial (two lease renewals, five epoch reports each
/// carrying the pruning rule's read, and the end that claims the next trial: eight calls, one round trip each) in a study of 100 trials and in one of 100,000 (the first 99,800 ended
/// beforehand, in bulk, so the timed trials are the study's last), after an untimed warm-up, in alternating rounds; <c>study-throughput URL [workers] [trials] [iterations]
/// [rounds]</c> runs the same fast trials (sgd on Rosenbrock) in 8 worker processes of the real command with no
/// storage and through PostgreSQL, in alternating rounds, and compares their wall times (see <see cref="Throughput"/>).
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
        // One untimed study first, so that compiling the code paths and filling the connection pool are not timed.
        Measure(url, 50, 50);
        var p95 = new Dictionary<int, List<double>> { [100] = [], [100_000] = [] };
        for (int round = 1; round <= rounds; round++)
            foreach (int size in p95.Keys)
            {
                var m = Measure(url, size, Math.Min(size, 200));
                p95[size].Add(m.P95);
                Console.WriteLine($"round {round}, study of {size:N0} trials (joined in {m.Join:0.00} s): storage per trial over {m.Timed} trials: " +
                                  $"p50 {m.P50:0.00} ms, p95 {m.P95:0.00} ms, p99 {m.P99:0.00} ms, max {m.Max:0.00} ms " +
                                  $"(8 calls each; p50 ms a call {m.Profile}); the last trial's end and the claim that closes the study took {m.Close:0.0} ms");
            }
        foreach (var (size, values) in p95)
            Console.WriteLine($"median over {rounds} rounds: p95 {Median(values):0.00} ms a trial in a study of {size:N0} trials (target ≤ 5 ms); load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>The storage calls of the last <paramref name="timed"/> trials of a new study of <paramref name="size"/> trials, each timed.</summary>
    private static (double Join, int Timed, double P50, double P95, double P99, double Max, double Close, string Profile) Measure(string url, int size, int timed)
    {
        using var storage = StudyStorage.Open(url);
        var definition = new StudyDefinition($"overhead-{size}-{Guid.NewGuid():N}", "bench", Ranges,
            new TuneOptions { TrialsPerRound = size, Rounds = 1, Pruning = Pruning.Parse("median") });
        var clock = Stopwatch.StartNew();
        var study = storage.Join(definition);
        double join = clock.Elapsed.TotalSeconds;
        if (size > timed) FastForward(url, study.Id, size - timed);
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
            if (k == timed - 1)
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
        if (!storage.Status(study).Done) throw new InvalidOperationException("the study did not close");
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
    /// from trials.
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
        // Untimed: a small run of each first, so that the timed ones do not pay for reading the assemblies from disk.
        foreach (var (_, commands) in runs) Wall(cli, commands(2 * workers), 2 * workers);
        // Each kind at N and at 2N trials: the difference is the time of N trials with every fixed cost (start-up,
        // connecting, compiling the storage's code, reading the study at the end) cancelled out.
        var whole = runs.ToDictionary(r => r.Name, _ => new List<double>());
        var marginal = runs.ToDictionary(r => r.Name, _ => new List<double>());
        for (int round = 1; round <= rounds; round++)
        {
            foreach (var (name, commands) in runs)
            {
                double once = Wall(cli, commands(trials), trials), twice = Wall(cli, commands(2 * trials), 2 * trials);
                whole[name].Add(once);
                marginal[name].Add(twice - once);
            }
            Console.WriteLine($"round {round}: " + string.Join("; ", runs.Select(r =>
                $"{r.Name} {whole[r.Name][^1]:0.00} s for {trials}, {whole[r.Name][^1] + marginal[r.Name][^1]:0.00} s for {2 * trials}" +
                (r == runs[0] ? "" : $" ({Lost(whole, r.Name)} lost end to end, {Lost(marginal, r.Name)} on the second {trials})"))));
        }
        string Lost(Dictionary<string, List<double>> times, string name) =>
            $"{1 - times[runs[0].Name][^1] / times[name][^1]:P1}";
        foreach (var (name, _) in runs.Skip(1))
        {
            double aloneWhole = Median(whole[runs[0].Name]), aloneMarginal = Median(marginal[runs[0].Name]);
            Console.WriteLine($"median over {rounds} rounds, {name}: {trials} trials end to end {Median(whole[name]):0.00} s against " +
                              $"{aloneWhole:0.00} s with no storage ({1 - aloneWhole / Median(whole[name]):P1} of the throughput lost); " +
                              $"{trials} more trials {Median(marginal[name]):0.00} s against {aloneMarginal:0.00} s " +
                              $"({1 - aloneMarginal / Median(marginal[name]):P1} lost; target ≤ 10%)");
        }
        Console.WriteLine($"load: {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }

    /// <summary>
    /// Starts every command at once and waits for all; the wall seconds from the first start to the last exit. Checks
    /// that each exited 0 and that together they printed <paramref name="trials"/> trials (each study's own JSON), every
    /// one run to the iteration budget.
    /// </summary>
    private static double Wall(string cli, IEnumerable<string[]> commands, int trials)
    {
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
        return wall;
    }

    private static double Median(List<double> values) => Quantile(values.Order().ToList(), 0.5);

    private static double Quantile(IReadOnlyList<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
