using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Downhill.Tests.Readme;

/// <summary>
/// One <c>$ ./downhill …</c> command of the README with the output printed under it: the lines up to the next
/// <c>$</c> line or the end of the code block. A line of just "…" stands for lines left out; the output then shows
/// what comes before it as the start of the real output and what comes after it as the end. A command with no output
/// under it is a recipe, not a transcript, and is not run.
/// </summary>
public sealed record ReadmeTranscript(string Command, int Line, IReadOnlyList<string> Output, int OutputStart)
{
    public const string Elision = "…";

    public override string ToString() => $"README.md:{Line}: $ {Command}";
}

/// <summary>Reads the README's transcripts, runs them as a user would, and compares or rewrites their output.</summary>
public static partial class ReadmeTranscripts
{
    /// <summary>The README's transcripts, in order.</summary>
    public static IReadOnlyList<ReadmeTranscript> Parse(IReadOnlyList<string> lines)
    {
        var transcripts = new List<ReadmeTranscript>();
        bool inCode = false;
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }
            if (!inCode || !lines[i].StartsWith("$ ./downhill", StringComparison.Ordinal)) continue;
            int start = i + 1, end = start;
            while (end < lines.Count && !lines[end].StartsWith("$ ", StringComparison.Ordinal) && !lines[end].StartsWith("```", StringComparison.Ordinal))
                end++;
            // A blank line before the next command belongs to neither.
            int last = end;
            while (last > start && lines[last - 1].Length == 0) last--;
            if (last > start)
                transcripts.Add(new ReadmeTranscript(lines[i][2..], i + 1, lines.Skip(start).Take(last - start).ToList(), start));
            i = end - 1;
        }
        return transcripts;
    }

    /// <summary>
    /// Runs <paramref name="command"/> (a shell line starting <c>./downhill</c>) with bash in <paramref name="folder"/>,
    /// where <c>./downhill</c> runs this build's command; standard output and error together, as a terminal shows them.
    /// </summary>
    public static IReadOnlyList<string> Run(string command, string folder)
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "Downhill.Cli.dll");
        string launcher = Path.Combine(folder, "downhill");
        if (!File.Exists(launcher))
        {
            File.WriteAllText(launcher, $"#!/bin/sh\nexec dotnet '{cli}' \"$@\"\n");
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var start = new ProcessStartInfo("bash") { WorkingDirectory = folder, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"set -o pipefail; ( {command} ) 2>&1");
        start.Environment["DOWNHILL_OFFLINE"] = "1";
        start.Environment.Remove("DOWNHILL_DATA");
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToList();
    }

    /// <summary>Whether the real output agrees with the README's once timings are masked (see <see cref="Mask"/>).</summary>
    public static bool Agrees(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var (head, tail) = Split(expected);
        if (tail is null) return Masked(expected).SequenceEqual(Masked(actual));
        return actual.Count >= head.Count + tail.Count
               && Masked(head).SequenceEqual(Masked(actual.Take(head.Count).ToList()))
               && Masked(tail).SequenceEqual(Masked(actual.Skip(actual.Count - tail.Count).ToList()));
    }

    /// <summary>The README's output replaced by the real one, keeping an elision where the README had one.</summary>
    public static IReadOnlyList<string> Refreshed(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var (head, tail) = Split(expected);
        if (tail is null || actual.Count < head.Count + tail.Count) return actual;
        return [.. actual.Take(head.Count), ReadmeTranscript.Elision, .. actual.Skip(actual.Count - tail.Count)];
    }

    private static (IReadOnlyList<string> Head, IReadOnlyList<string>? Tail) Split(IReadOnlyList<string> expected)
    {
        int at = expected.ToList().IndexOf(ReadmeTranscript.Elision);
        return at < 0 ? (expected, null) : (expected.Take(at).ToList(), expected.Skip(at + 1).ToList());
    }

    /// <summary>
    /// Lines compared without what a rerun changes: a duration (a number followed by "s", or a cell of a table
    /// column headed "time") becomes "#", and a machine's thread count becomes "# threads". Runs of spaces and of
    /// table rules shrink to one, so a column whose width follows a duration does not count either.
    /// </summary>
    public static IReadOnlyList<string> Masked(IReadOnlyList<string> lines)
    {
        var result = new List<string>(lines.Count);
        int[] timeColumns = [];
        bool header = false;
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.StartsWith('│'))
            {
                string[] cells = line.Split('│');
                if (header)
                    timeColumns = Enumerable.Range(0, cells.Length).Where(c => cells[c].Contains("time", StringComparison.Ordinal)).ToArray();
                else
                    foreach (int c in timeColumns.Where(c => c < cells.Length && Number().IsMatch(cells[c].Trim())))
                        cells[c] = "#";
                header = false;
                line = string.Join('│', cells);
            }
            else if (!line.StartsWith('├'))
            {
                // A top rule starts a table whose first row is its header; anything else but a row rule ends one.
                header = line.StartsWith('╭') || line.StartsWith('┌');
                timeColumns = [];
            }
            line = Seconds().Replace(line, "# s");
            line = Threads().Replace(line, "# threads");
            line = Rules().Replace(Spaces().Replace(line, " "), m => m.Value[..1]);
            result.Add(line);
        }
        return result;
    }

    /// <summary>The README with each given transcript's output replaced.</summary>
    public static string Rewrite(IReadOnlyList<string> readme, IReadOnlyList<(ReadmeTranscript Transcript, IReadOnlyList<string> Output)> replacements)
    {
        var lines = readme.ToList();
        foreach (var (transcript, output) in replacements.OrderByDescending(r => r.Transcript.OutputStart))
        {
            lines.RemoveRange(transcript.OutputStart, transcript.Output.Count);
            lines.InsertRange(transcript.OutputStart, output);
        }
        var text = new StringBuilder();
        foreach (string line in lines) text.Append(line).Append('\n');
        return text.ToString();
    }

    [GeneratedRegex(@"^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"(?<![\w.])\d+(\.\d+)?(e[-+]?\d+)? ?s\b")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"\b\d+ threads?\b")]
    private static partial Regex Threads();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    [GeneratedRegex("[─━═]{2,}")]
    private static partial Regex Rules();
}
