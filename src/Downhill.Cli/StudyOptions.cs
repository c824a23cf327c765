using System.CommandLine;
using System.Globalization;
using Downhill.Studies;

namespace Downhill.Cli;

/// <summary>
/// Where a study lives and how this process works on it: <c>--storage</c>, <c>--study</c>, <c>--workers</c>,
/// <c>--heartbeat</c>, <c>--grace</c>, <c>--retries</c>. Shared by <c>tune</c> and <c>study</c>.
/// </summary>
internal sealed class StudyOptions
{
    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = "where the study lives: an SQLite file, or postgresql://user:password@host:port/database for workers on several machines; trials are saved as they end, and the same command again joins or continues the study",
    };

    public Option<string> Study { get; } = new("--study")
    {
        Description = "the study's name in the storage (created on first use; later uses must bring the same settings)",
        DefaultValueFactory = _ => StudyDefinition.DefaultName,
    };

    public Option<int> Workers { get; } = new("--workers")
    {
        Description = "worker processes on this machine, this one included (each other as if the same command ran again; with --storage)",
        DefaultValueFactory = _ => 1,
    };

    /// <summary>
    /// Set on the processes that <see cref="Workers"/> starts: each runs the trials that the process that started it
    /// claims and hands it over its standard input and output, and prints nothing else; that process prints the result.
    /// </summary>
    public Option<bool> StartedWorker { get; } = new("--started-worker")
    {
        Description = "run the trials handed over standard input, answering on standard output (set on the processes --workers starts)",
        Hidden = true,
    };

    public Option<double> Heartbeat { get; } = new("--heartbeat")
    {
        Description = "seconds between two renewals of a running trial's lease",
        DefaultValueFactory = _ => 5,
    };

    public Option<double?> Grace { get; } = new("--grace")
    {
        Description = "seconds without a renewal after which other workers take a trial back (default: three heartbeats)",
    };

    public Option<int> Retries { get; } = new("--retries")
    {
        Description = "how often a trial whose worker died is run again before it counts as failed",
        DefaultValueFactory = _ => 2,
    };

    public void AddTo(Command command, bool working)
    {
        command.Options.Add(Storage);
        command.Options.Add(Study);
        if (!working) return;
        foreach (var option in new Option[] { Workers, StartedWorker, Heartbeat, Grace, Retries }) command.Options.Add(option);
    }

    /// <summary>This process's worker settings, with the flags named in their messages.</summary>
    public WorkerOptions Worker(ParseResult result, int threads)
    {
        double heartbeat = result.GetValue(Heartbeat);
        if (!(heartbeat > 0 && heartbeat <= 3600)) throw new InputException($"--heartbeat must be between 0 and 3600 seconds, not {Format(heartbeat)}");
        double? grace = result.GetValue(Grace);
        if (grace is { } g && !(g > heartbeat && g <= 86400))
            throw new InputException($"--grace must be longer than --heartbeat ({Format(heartbeat)} s) and at most 86400, not {Format(g)}");
        return new WorkerOptions
        {
            Threads = threads,
            Heartbeat = TimeSpan.FromSeconds(heartbeat),
            Grace = grace is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        };
    }

    /// <summary>The study name, checked before anything is opened.</summary>
    public string Name(ParseResult result)
    {
        string name = result.GetValue(Study)!;
        try
        {
            StudyDefinition.CheckName(name);
        }
        catch (InputException e)
        {
            throw new InputException($"--study: {e.Message}");
        }
        return name;
    }

    /// <summary>Opens the storage named by --storage (a bad one is one line, naming the flag where the message does not).</summary>
    public IStudyStorage Open(string location)
    {
        try
        {
            return StudyStorage.Open(location);
        }
        catch (InputException e) when (e.Parameters.Count == 0)
        {
            throw e.Text is null ? new InputException($"--storage: {e.Message}") : new InputException($"--storage: {e.Message}", e.Text, e.Position);
        }
    }

    private static string Format(double v) => v.ToString(CultureInfo.InvariantCulture);
}
