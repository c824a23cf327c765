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
}
