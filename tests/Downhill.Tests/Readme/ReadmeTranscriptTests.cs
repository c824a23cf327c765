namespace Downhill.Tests.Readme;

/// <summary>
/// Every transcript in the README (a <c>$ ./downhill …</c> line with output under it) is run as a user would run it,
/// and its output must be what the README shows, durations and thread counts aside. When a change alters what a
/// command prints, <c>tools/readme/refresh</c> rewrites the README's transcripts from the real output.
/// </summary>
public sealed class ReadmeTranscriptTests : IDisposable
{
    /// <summary>Set (to anything) by tools/readme/refresh: the test rewrites the README instead of failing.</summary>
    public const string RefreshVariable = "DOWNHILL_README_REFRESH";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "downhill-readme-" + Guid.NewGuid().ToString("N"));

    public ReadmeTranscriptTests() => Directory.CreateDirectory(Path.Combine(_folder, "docs", "images"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EveryTranscriptShowsWhatTheCommandPrintsToday()
    {
        string path = Path.Combine(RepositoryRoot(), "README.md");
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        var transcripts = ReadmeTranscripts.Parse(readme);
        Assert.True(transcripts.Count >= 10, $"only {transcripts.Count} transcripts found in README.md");

        var stale = new List<(ReadmeTranscript Transcript, IReadOnlyList<string> Output)>();
        foreach (var transcript in transcripts)
        {
            var actual = ReadmeTranscripts.Run(transcript.Command, _folder);
            if (!ReadmeTranscripts.Agrees(transcript.Output, actual))
                stale.Add((transcript, ReadmeTranscripts.Refreshed(transcript.Output, actual)));
        }
        if (stale.Count > 0 && Environment.GetEnvironmentVariable(RefreshVariable) is { Length: > 0 })
        {
            File.WriteAllText(path, ReadmeTranscripts.Rewrite(readme, stale));
            return;
        }
        Assert.True(stale.Count == 0,
            $"{stale.Count} README transcript(s) no longer show what the command prints. If the new output is right, " +
            "run tools/readme/refresh (it rewrites them from the real output) and review `git diff README.md`.\n\n" +
            string.Join("\n\n", stale.Select(s => $"{s.Transcript}\n--- README.md\n{string.Join('\n', s.Transcript.Output)}\n+++ now\n{string.Join('\n', s.Output)}")));
    }

    [Fact]
    public void TheParserFindsCommandsWithOutputAndLeavesRecipesAlone()
    {
        string[] readme =
        [
            "text", "```text", "$ ./downhill eval -f x^2 --at 1   # a comment", "x^2", "f = 1", "", "$ ./downhill functions",
            "$ ./downhill a", "…", "last", "```", "```sh", "./downhill tour", "```", "$ ./downhill outside a block",
        ];
        var found = ReadmeTranscripts.Parse(readme);
        Assert.Equal(["./downhill eval -f x^2 --at 1   # a comment", "./downhill a"], found.Select(t => t.Command));
        Assert.Equal([3, 8], found.Select(t => t.Line));
        Assert.Equal(["x^2", "f = 1"], found[0].Output);
        Assert.Equal(["…", "last"], found[1].Output);
    }

    [Fact]
    public void DurationsThreadsAndColumnWidthsAreMaskedButNothingElse()
    {
        string[] readme =
        [
            "╭────┬──────────┬──────────╮", "│ gd │ time (s) │ final f  │", "├────┼──────────┼──────────┤",
            "│ gd │   0.1505 │  5.8e-05 │", "╰────┴──────────┴──────────╯", "11 lessons in 11.5 s: 3 starts", "batch 128, seed 0, 2 threads",
        ];
        string[] rerun =
        [
            "╭────┬───────────┬──────────╮", "│ gd │  time (s) │ final f  │", "├────┼───────────┼──────────┤",
            "│ gd │ 0.0013265 │  5.8e-05 │", "╰────┴───────────┴──────────╯", "11 lessons in 9.75 s: 3 starts", "batch 128, seed 0, 8 threads",
        ];
        Assert.True(ReadmeTranscripts.Agrees(readme, rerun));
        Assert.False(ReadmeTranscripts.Agrees(readme, [.. rerun[..3], "│ gd │ 0.0013265 │  5.9e-05 │", .. rerun[4..]]));
        Assert.False(ReadmeTranscripts.Agrees(readme, [.. rerun[..5], "11 lessons in 9.75 s: 4 starts", rerun[6]]));
        Assert.True(ReadmeTranscripts.Agrees(["…", "last"], ["first", "middle", "last"]));
        Assert.False(ReadmeTranscripts.Agrees(["…", "last"], ["first", "last but not"]));
        Assert.Equal(["first", "…", "end"], ReadmeTranscripts.Refreshed(["one", "…", "last"], ["first", "middle", "end"]));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Downhill.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find Downhill.slnx above " + AppContext.BaseDirectory);
    }
}
