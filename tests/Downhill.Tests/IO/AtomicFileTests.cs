using Downhill.IO;

namespace Downhill.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WritesWholeFileAndLeavesNoTemporary()
    {
        string folder = Directory.CreateTempSubdirectory("downhill-atomic").FullName;
        string path = Path.Combine(folder, "out.txt");
        AtomicFile.WriteText(path, "first");
        AtomicFile.WriteText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void AFailedWriteKeepsTheOldFileAndCleansUp()
    {
        string folder = Directory.CreateTempSubdirectory("downhill-atomic").FullName;
        string path = Path.Combine(folder, "out.txt");
        AtomicFile.WriteText(path, "old");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new InvalidOperationException("midway");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }

    [Fact]
    public void AMissingFolderIsBadInputNamingThePath()
    {
        var e = Assert.Throws<InputException>(() => AtomicFile.WriteText("/no/such/folder/x.csv", "x"));
        Assert.Contains("/no/such/folder/x.csv", e.Message);
    }

    [Fact]
    public void TheNextWriteRemovesTemporariesOfKilledWritersOnly()
    {
        string folder = Directory.CreateTempSubdirectory("downhill-atomic").FullName;
        string path = Path.Combine(folder, "model.ckpt");
        using var finished = System.Diagnostics.Process.Start("/bin/true");
        finished.WaitForExit();
        string Temporary(string name, int pid) => Path.Combine(folder, $".{name}.{pid}.{Guid.NewGuid():N}.tmp");
        string stale = Temporary("model.ckpt", finished.Id);
        string ours = Temporary("model.ckpt", Environment.ProcessId);      // another write of this process, in flight
        string alive = Temporary("model.ckpt", 1);                          // pid 1 always runs
        string otherFile = Temporary("other.ckpt", finished.Id);           // another target's: its own next write cleans it
        string unrelated = Path.Combine(folder, ".model.ckpt.notes.tmp");
        foreach (string file in new[] { stale, ours, alive, otherFile, unrelated }) File.WriteAllBytes(file, new byte[1000]);

        AtomicFile.WriteText(path, "weights");

        Assert.False(File.Exists(stale));
        Assert.All(new[] { ours, alive, otherFile, unrelated }, file => Assert.True(File.Exists(file), file));
        Assert.Equal("weights", File.ReadAllText(path));
    }
}
