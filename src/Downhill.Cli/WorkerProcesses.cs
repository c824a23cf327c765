using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Downhill.Studies;

namespace Downhill.Cli;

/// <summary>
/// <c>--workers N</c>: the process the user started works on the study as one of the N, beside N − 1 processes of this
/// same command line (without --workers, with --started-worker) that it starts. Those run the trials it claims and
/// hands them over their standard input and output (<see cref="RemoteTrialRunner"/>, <see cref="TrialServer"/>), so
/// the study sees one worker process and its few connections, not N: each process would otherwise pay for its own
/// connections and its own start of the storage's code, and the server for each session. A started process that dies
/// leaves its trial to the process that started it; that process dying ends their input, and they stop.
/// </summary>
internal sealed class WorkerProcesses : IDisposable
{
    private readonly List<(Process Process, RemoteTrialRunner Runner, Task<string> Error)> _started;

    private WorkerProcesses(List<(Process, RemoteTrialRunner, Task<string>)> started) => _started = started;

    /// <summary>What runs trials in each started process.</summary>
    public IReadOnlyList<RemoteTrialRunner> Runners => [.. _started.Select(s => s.Runner)];

    /// <summary>Starts <paramref name="count"/> workers of this command line.</summary>
    public static WorkerProcesses Start(ParseResult result, Option workers, Option startedWorker, int count)
    {
        var args = WithoutOption(result.Tokens.Select(t => t.Value).ToList(), workers);
        args.Add(startedWorker.Name);
        return new WorkerProcesses([.. Enumerable.Range(0, count).Select(_ => StartOne(args))
            .Select(p => (p, new RemoteTrialRunner(p.StandardInput, p.StandardOutput), p.StandardError.ReadToEndAsync()))]);
    }

    /// <summary>
    /// The started process's part: runs the trials that arrive on standard input, on <paramref name="threads"/>
    /// threads, until it ends. Standard output carries the answers alone: anything else written there goes nowhere.
    /// </summary>
    public static void Serve(TrialObjective objective, int threads)
    {
        using var answers = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false));
        Console.SetOut(TextWriter.Null);
        using var requests = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        TrialServer.Serve(requests, answers, objective, threads);
    }

    /// <summary>Ends their input (they stop when their trials end) and waits for each; a line for each that failed (none when all exited 0).</summary>
    public IReadOnlyList<string> Wait()
    {
        foreach (var (_, runner, _) in _started) runner.Dispose();
        var failures = new List<string>();
        foreach (var (process, _, error) in _started)
        {
            process.WaitForExit();
            string text = error.Result.Trim();
            if (process.ExitCode != 0)
                failures.Add($"worker {process.Id} exited with {ExitName(process.ExitCode)}{(text.Length > 0 ? $": {text.Split('\n')[^1].Trim()}" : "")}");
        }
        return failures;
    }

    /// <summary>Kills the workers still running (this process failed: no one would read what they do).</summary>
    public void Kill()
    {
        foreach (var (process, _, _) in _started)
            if (!process.HasExited) process.Kill();
    }

    /// <summary>Ends their input, so that none outlives this process's use of it.</summary>
    public void Dispose()
    {
        foreach (var (process, runner, _) in _started)
        {
            runner.Dispose();
            process.Dispose();
        }
    }

    private static string ExitName(int code) => code > 128 ? $"signal {code - 128}" : $"code {code}";

    private static List<string> WithoutOption(List<string> tokens, Option option)
    {
        var names = option.Aliases.Append(option.Name).ToHashSet();
        var kept = new List<string>();
        for (int k = 0; k < tokens.Count; k++)
        {
            if (names.Contains(tokens[k])) { k++; continue; }
            if (names.Any(n => tokens[k].StartsWith(n + "=", StringComparison.Ordinal))) continue;
            kept.Add(tokens[k]);
        }
        return kept;
    }

    /// <summary>Starts this program again: the apphost itself, or the dotnet host with this assembly.</summary>
    private static Process StartOne(IReadOnlyList<string> args)
    {
        string assembly = typeof(WorkerProcesses).Assembly.Location;
        string? host = Environment.ProcessPath;
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false), StandardOutputEncoding = new UTF8Encoding(false),
        };
        bool apphost = host is not null && Path.GetFileNameWithoutExtension(host) == Path.GetFileNameWithoutExtension(assembly);
        if (apphost)
        {
            start.FileName = host!;
        }
        else
        {
            start.FileName = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet"
                ? host
                : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            start.ArgumentList.Add(assembly);
        }
        foreach (string a in args) start.ArgumentList.Add(a);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
    }
}
