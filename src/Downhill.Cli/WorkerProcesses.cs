using System.CommandLine;
using System.Diagnostics;

namespace Downhill.Cli;

/// <summary>
/// <c>--workers N</c>: the process the user started works on the study as one of the N, beside N − 1 processes of this
/// same command line (without --workers, with --started-worker) that it starts, each a worker that joins the study and
/// prints nothing; when all are done it reads the study's result. The study, not a process, holds the work: a worker
/// that dies leaves its trial to the others.
/// </summary>
internal sealed class WorkerProcesses : IDisposable
{
    private readonly List<(Process Process, Task<string> Error)> _started;

    private WorkerProcesses(List<(Process, Task<string>)> started) => _started = started;

    /// <summary>Starts <paramref name="count"/> workers of this command line.</summary>
    public static WorkerProcesses Start(ParseResult result, Option workers, Option startedWorker, int count)
    {
        var args = WithoutOption(result.Tokens.Select(t => t.Value).ToList(), workers);
        args.Add(startedWorker.Name);
        return new WorkerProcesses([.. Enumerable.Range(0, count).Select(_ => StartOne(args)).Select(p => (p, p.StandardError.ReadToEndAsync()))]);
    }

    /// <summary>Waits for every worker; returns a line for each that failed (empty when all exited 0).</summary>
    public IReadOnlyList<string> Wait()
    {
        var failures = new List<string>();
        foreach (var (process, error) in _started)
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
        foreach (var (process, _) in _started)
            if (!process.HasExited) process.Kill();
    }

    public void Dispose()
    {
        foreach (var (process, _) in _started) process.Dispose();
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
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        // A started worker prints nothing on its output; drain it all the same, so that nothing it writes can block it.
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }
}
