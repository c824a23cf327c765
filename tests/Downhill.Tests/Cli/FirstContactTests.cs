using System.CommandLine;
using System.CommandLine.Parsing;
using Downhill.Cli;

namespace Downhill.Tests.Cli;

/// <summary>What a first-time user meets: the guide, help, the version, did-you-mean, parse errors in words, completion.</summary>
public sealed class FirstContactTests
{
    [Fact]
    public void DownhillAloneIsAShortGuide()
    {
        var outcome = CliHarness.Run();
        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Error));
        Assert.Contains("downhill tour", outcome.Out);
        Assert.Contains("downhill compare -f rosenbrock --x0=-1.2,1", outcome.Out);
        Assert.Contains("downhill help COMMAND", outcome.Out);
        Assert.True(outcome.Out.Split('\n').Length <= 15, "the guide is short");
    }

    [Fact]
    public void HelpNamesTheProgramDownhillAndHelpCommandIsCommandHelp()
    {
        var help = CliHarness.Run("help", "minimize");
        var flag = CliHarness.Run("minimize", "--help");
        Assert.Equal((0, ""), (help.ExitCode, help.Error));
        Assert.Equal(flag.Out, help.Out);
        Assert.Contains("Usage:\n  downhill minimize [options]", help.Out.ReplaceLineEndings("\n"));
        var top = CliHarness.Run("help");
        Assert.Contains("Usage:\n  downhill [command] [options]", top.Out.ReplaceLineEndings("\n"));
        Assert.Contains("help", top.Out);
    }

    [Fact]
    public void AboutAndVersionPrintTheOneVersion()
    {
        string version = CliHarness.Run("--version").Out.Trim();
        Assert.Matches(@"^\d+\.\d+\.\d+$", version);
        Assert.Equal($"Downhill {version} — gradient-based optimization, run and measured.", CliHarness.Run("about").Out.Trim());
        Assert.Equal(typeof(Downhill.Cli.Cli).Assembly.GetName().Version!.ToString(3), version);
    }

    [Theory]
    [InlineData(new[] { "minimze" }, "downhill: unknown command 'minimze'; did you mean 'minimize'?")]
    [InlineData(new[] { "comapre", "-f", "x^2" }, "downhill: unknown command 'comapre'; did you mean 'compare'?")]
    [InlineData(new[] { "minimize", "-f", "x^2", "--max-iters", "5" }, "downhill: unknown option '--max-iters' for minimize; did you mean '--max-iter'?")]
    [InlineData(new[] { "minimize", "-f", "x^2", "--bound=1:2" }, "downhill: unknown option '--bound' for minimize; did you mean '--bounds'?")]
    [InlineData(new[] { "plot", "-f", "x^2", "--plot", "x.svg" }, "downhill: unknown option '--plot' for plot; did you mean '--plot-size'? (FILE goes without an option name: downhill plot … FILE)")]
    [InlineData(new[] { "plot", "-f", "x^2", "--out=x.svg" }, "downhill: unknown option '--out' for plot (FILE goes without an option name: downhill plot … FILE)")]
    [InlineData(new[] { "frobnicate" }, "downhill: unknown command 'frobnicate' (downhill help lists them)")]
    [InlineData(new[] { "minimize", "-f", "x^2", "--seed", "abc" }, "downhill: --seed must be a whole number ≥ 0, not 'abc'")]
    [InlineData(new[] { "minimize", "-f", "x^2", "--seed", "-1" }, "downhill: --seed must be a whole number ≥ 0, not '-1'")]
    [InlineData(new[] { "minimize", "-f", "x^2", "--max-iter", "many" }, "downhill: --max-iter must be a whole number, not 'many'")]
    [InlineData(new[] { "train", "-d", "iris", "-m", "softmax", "--epochs", "2.5" }, "downhill: --epochs must be a whole number, not '2.5'")]
    [InlineData(new[] { "train", "-d", "iris", "-m", "softmax", "--val", "half" }, "downhill: --val must be a number, not 'half'")]
    [InlineData(new[] { "minimize", "-f", "x^2", "--seed" }, "downhill: --seed needs a value")]
    public void BadCommandLinesGetOneLineInWords(string[] args, string message)
    {
        var outcome = CliHarness.Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal(message, outcome.Error.TrimEnd());
    }

    [Fact]
    public void NoOptionOfAnyCommandReportsATypeName()
    {
        var io = new Io(TextWriter.Null, TextWriter.Null);
        var root = new RootCommand();
        foreach (var command in Commands.All(io)) root.Subcommands.Add(command);
        int checkedOptions = 0;
        foreach (var (path, command) in Walk(root, []))
            foreach (var option in command.Options.Where(o => o.ValueType != typeof(string) && o.ValueType != typeof(bool) && o.ValueType != typeof(string[])))
            {
                var parsed = root.Parse([.. path, option.Name, "abc"]);
                var error = parsed.Errors.FirstOrDefault(e => e.SymbolResult is OptionResult r && r.Option == option);
                Assert.True(error is not null, $"{string.Join(' ', path)} {option.Name} abc: no error");
                string message = ParseProblems.Message(error!, command);
                Assert.DoesNotContain("System.", message);
                Assert.StartsWith($"{option.Name} must be ", message);
                Assert.EndsWith(", not 'abc'", message);
                checkedOptions++;
            }
        Assert.True(checkedOptions > 30, $"only {checkedOptions} options checked");
    }

    [Theory]
    [InlineData("minimize -f rosen", "rosenbrock")]
    [InlineData("compare -o ada", "adagrad")]
    [InlineData("train -d fash", "fashion-mnist")]
    [InlineData("mini", "minimize")]
    public void TabCompletionOffersNames(string line, string expected)
    {
        var outcome = CliHarness.Run($"[suggest:{line.Length}]", line);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains(expected, outcome.Out.Split('\n', StringSplitOptions.TrimEntries));
    }

    private static IEnumerable<(string[] Path, Command Command)> Walk(Command command, string[] path)
    {
        foreach (var sub in command.Subcommands)
        {
            string[] here = [.. path, sub.Name];
            yield return (here, sub);
            foreach (var deeper in Walk(sub, here)) yield return deeper;
        }
    }
}
