using System.CommandLine;
using Downhill.Cli;

namespace Downhill.Tests.Cli;

/// <summary>
/// Every numeric option of every command, given the values a red team tries first (NaN, ±∞, ±1e308, −1, 0, a whole
/// number past its type, a word), ends as a result (exit 0) or as one clear line (exit 2): never an internal fault,
/// an escaped exception or a stack trace, and within a bounded time. The options are found by walking the command
/// tree, so a new option is audited the day it is added; a new command with numeric options needs a cheap base
/// command line below, or this test names it.
/// </summary>
public sealed class OptionAuditTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "downhill-audit-" + Guid.NewGuid().ToString("N"));

    public OptionAuditTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A cheap, valid command line for each command with numeric options; the audited option's value replaces the base's.</summary>
    private Dictionary<string, string[]> Bases() => new()
    {
        ["eval"] = ["-f", "himmelblau", "--at", "1,2"],
        ["derive"] = ["-f", "x^2*y"],
        ["minimize"] = ["-f", "himmelblau", "--x0=1,1", "--max-iter", "20"],
        ["compare"] = ["-f", "himmelblau", "--x0=1,1", "-o", "gd", "-o", "adam", "--max-iter", "20"],
        ["restarts"] = ["-f", "himmelblau", "--starts", "4", "--max-iter", "20"],
        ["critical"] = ["-f", "himmelblau", "--starts", "20"],
        ["basins"] = ["-f", "himmelblau", "--grid", "4", "--max-iter", "20"],
        ["sweep"] = ["-f", "himmelblau", "--x0=1,1", "--lr", "1e-3..1e-1", "--max-iter", "20"],
        ["tune"] = ["-f", "himmelblau", "--x0=1,1", "-o", "gd", "--range", "lr=1e-3..1e-1:log", "--trials", "3", "--rounds", "1", "--budget-iter", "20"],
        ["experiment saddles"] = ["--dims", "2", "--functions", "1", "--terms", "4", "--starts", "10"],
        ["experiment restarts"] = ["--starts", "4", "--restarts", "1,2", "--max-iter", "20"],
        ["plot"] = ["-f", "himmelblau", "--resolution", "20", "--plot-size", "200x150", "--plot", Path.Combine(_folder, "p.svg")],
        ["train"] = ["-d", "iris", "-m", "softmax", "--epochs", "1"],
        ["curvature"] = ["-f", "himmelblau", "--at", "1,2", "--top", "1"],
        ["landscape"] = ["-d", "iris", "--weights", Weights(), "--grid", "3", "--axes", "1", "--rows", "20"],
        ["tour"] = ["--only", "1", "--quick", "--out", Path.Combine(_folder, "tour")],
        ["study show"] = ["--storage", Study(), "--watch"],
        ["study plot"] = [Path.Combine(_folder, "study.png"), "--storage", Study()],
    };

    /// <summary>Commands left out, and why.</summary>
    private static readonly Dictionary<string, string> Left = new()
    {
        ["serve"] = "serves until stopped; its flags are checked by the server tests",
    };

    private static readonly string[] RealValues = ["nan", "inf", "-inf", "1e308", "-1e308", "-1", "0", "abc"];
    private static readonly string[] WholeValues = ["-1", "0", "99999999999999999999", "1.5", "abc"];

    [Fact]
    public void EveryNumericOptionEndsInAResultOrOneLine()
    {
        var bases = Bases();
        var failures = new List<string>();
        int tried = 0;
        foreach (var (path, command) in Leaves())
        {
            var numeric = command.Options.Where(o => Values(o.ValueType) is not null).ToList();
            if (numeric.Count == 0 || Left.ContainsKey(path)) continue;
            if (!bases.TryGetValue(path, out var baseArgs))
            {
                failures.Add($"{path}: no base command line to audit its options with ({string.Join(", ", numeric.Select(o => o.Name))})");
                continue;
            }
            foreach (var option in numeric)
                foreach (string value in Values(option.ValueType)!)
                {
                    tried++;
                    string[] args = [.. path.Split(' '), .. WithValue(baseArgs, option, value)];
                    if (Problem(args) is { } problem) failures.Add($"downhill {string.Join(' ', args)}: {problem}");
                }
        }
        Assert.True(tried > 500, $"only {tried} option values tried");
        Assert.True(failures.Count == 0, $"{failures.Count} of {tried} option values went wrong:\n{string.Join('\n', failures)}");
    }

    /// <summary>What went wrong with one command line, or null when it ended as a result or as one clear line.</summary>
    private static string? Problem(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        int code;
        try
        {
            var outcome = Downhill.Cli.Cli.Execute(args, new Io(stdout, stderr, budget.Token));
            if (outcome.Problem is { } problem) stderr.WriteLine($"downhill: {problem.Describe()}");
            code = outcome.ExitCode;
        }
        catch (Exception e)
        {
            return $"threw {e.GetType().Name}: {e.Message}";
        }
        if (budget.IsCancellationRequested) return "still running after 60 s";
        string error = stderr.ToString();
        if (error.Contains("   at ", StringComparison.Ordinal)) return $"a stack trace: {error}";
        if (code == 0) return null;
        if (code != 2) return $"exit {code}: {error}";
        string[] lines = error.TrimEnd().Split('\n');
        bool oneLine = lines.Length == 1 || (lines.Length == 3 && lines[2].TrimEnd().EndsWith('^'));
        return oneLine && lines[0].StartsWith("downhill: ", StringComparison.Ordinal) ? null : $"exit 2 but not one line: {error}";
    }

    private static string[]? Values(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(double) || type == typeof(float)) return RealValues;
        if (type == typeof(int) || type == typeof(long) || type == typeof(ulong) || type == typeof(uint)) return WholeValues;
        return null;
    }

    /// <summary>The base with the option set to the value: replacing the base's own value of it, else added.</summary>
    private static string[] WithValue(string[] baseArgs, Option option, string value)
    {
        var names = option.Aliases.Append(option.Name).ToHashSet();
        var args = new List<string>();
        for (int i = 0; i < baseArgs.Length; i++)
        {
            if (names.Contains(baseArgs[i])) { i++; continue; }
            args.Add(baseArgs[i]);
        }
        args.Add($"{option.Name}={value}");
        return [.. args];
    }

    private static IEnumerable<(string Path, Command Command)> Leaves()
    {
        var io = new Io(TextWriter.Null, TextWriter.Null);
        foreach (var command in Commands.All(io))
        {
            if (command.Subcommands.Count == 0) yield return (command.Name, command);
            foreach (var sub in command.Subcommands) yield return ($"{command.Name} {sub.Name}", sub);
        }
    }

    /// <summary>A small finished study for study show and plot, written once.</summary>
    private string Study()
    {
        string path = Path.Combine(_folder, "study.db");
        if (!File.Exists(path))
        {
            var outcome = CliHarness.Run("tune", "-f", "himmelblau", "--x0=1,1", "-o", "gd", "--range", "lr=1e-3..1e-1:log", "--trials", "3",
                "--rounds", "1", "--budget-iter", "20", "--json", "--storage", path);
            Assert.True(outcome.ExitCode == 0, outcome.Error);
        }
        return path;
    }

    /// <summary>A small trained model for landscape, written once.</summary>
    private string Weights()
    {
        string path = Path.Combine(_folder, "iris.safetensors");
        if (!File.Exists(path))
        {
            var outcome = CliHarness.Run("train", "-d", "iris", "-m", "softmax", "--epochs", "1", "--json", "--save", path);
            Assert.True(outcome.ExitCode == 0, outcome.Error);
        }
        return path;
    }
}
