using Spectre.Console;

namespace Downhill.Tests.Cli;

/// <summary>
/// The compare, critical and functions tables in 80- and 120-column terminals: every line fits, no number or word is
/// broken (each word of the narrow table is a word of the full-width one), and the columns left out are the
/// documented ones, named under the table.
/// </summary>
public sealed class TableWidthTests
{
    public static TheoryData<string, int, string[], string?> Cases => new()
    {
        { "compare -f rosenbrock --x0=-1.2,1", 120, ["optimizer", "hyperparameters", "final f", "‖x − x*‖", "iterations", "evaluations"], "time (s)" },
        { "compare -f rosenbrock --x0=-1.2,1", 80, ["optimizer", "final f", "‖x − x*‖", "iterations", "stop"], "hyperparameters, evaluations f/∇f/∇²f, time (s)" },
        { "critical -f himmelblau", 120, ["(x, y)", "f", "kind", "index", "eigenvalues", "condition", "‖∇f‖"], null },
        { "critical -f himmelblau", 80, ["(x, y)", "f", "kind", "index", "eigenvalues", "condition"], "‖∇f‖" },
        { "functions", 120, ["name", "formula", "dim", "bounds", "known minimum"], null },
        { "functions", 80, ["name", "formula", "dim", "known minimum"], "bounds" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheTableFitsWithoutBreakingAWord(string command, int width, string[] headers, string? leftOut)
    {
        string[] args = command.Split(' ');
        var narrow = CliHarness.RunAt(width, args);
        var full = CliHarness.Run(args);
        Assert.Equal((0, ""), (narrow.ExitCode, narrow.Error));

        var lines = narrow.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().GetCellWidth() <= width, $"{line.TrimEnd().GetCellWidth()} columns: {line}"));
        string text = string.Join(" ", lines.Select(l => l.TrimEnd()));
        string note = $"({leftOut} left out to fit {width} columns; a wider terminal or a pipe shows all)";
        if (leftOut is null) Assert.DoesNotContain("left out to fit", text);
        else Assert.Contains(note, text);
        var fullWords = Words(full.Out);
        Assert.All(Words(text.Replace(note, "")), word => Assert.Contains(word, fullWords));

        string header = string.Join(" ", lines.Take(8));
        Assert.All(headers, h => Assert.Contains(h.Split(' ')[0], header));
    }

    [Fact]
    public void OutputIntoAPipeIsTheTablesFullWidthAndNeverFolds()
    {
        var outcome = CliHarness.Run("compare", "-f", "rosenbrock", "--x0=-1.2,1");
        Assert.Contains("│ lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=false │", outcome.Out);
        Assert.DoesNotContain("left out", outcome.Out);
    }

    private static HashSet<string> Words(string text) =>
        text.Split([' ', '\n', '\r', '│', '┃', '║'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.All(c => "─━═┌┐└┘├┤┬┴┼╭╮╰╯".Contains(c)))
            .ToHashSet();
}
