using System.Diagnostics;
using System.Text;

namespace Downhill.Tests.Cli;

/// <summary>The downhill command run as a process of its own (to be killed, or to be one of several workers).</summary>
public sealed class CliProcess : IDisposable
{
    private readonly StringBuilder _out = new(), _error = new();

    private CliProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_error) _error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>What the process reads on standard input, when started with <c>input</c>.</summary>
    public StreamWriter Input => Process.StandardInput;

    /// <summary>
    /// Starts <c>downhill ARGS</c>, optionally under a wrapper (e.g. <c>ip netns exec NS</c>); with
    /// <paramref name="input"/>, its standard input is <see cref="Input"/>.
    /// </summary>
    public static CliProcess Start(IEnumerable<string> args, IReadOnlyList<string>? wrapper = null, bool input = false)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Downhill.Cli.dll");
        string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var command = (wrapper ?? []).Concat([host, cli]).Concat(args).ToList();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input, StandardInputEncoding = input ? new UTF8Encoding(false) : null,
        };
        foreach (string a in command.Skip(1)) start.ArgumentList.Add(a);
        return new CliProcess(Process.Start(start)!);
    }

    /// <summary>Waits for the exit (at most <paramref name="timeout"/>) and returns what it printed.</summary>
    public CliHarness.Outcome Wait(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            Process.Kill(entireProcessTree: true);
            Assert.Fail($"downhill did not end within {timeout.TotalSeconds} s: {Error}");
        }
        Process.WaitForExit();
        return new CliHarness.Outcome(Process.ExitCode, Out, Error);
    }

    public string Out
    {
        get { lock (_out) return _out.ToString(); }
    }

    public string Error
    {
        get { lock (_error) return _error.ToString(); }
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed.</summary>
    public void Kill()
    {
        Process.Kill();
        Process.WaitForExit();
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
