using System.Buffers.Binary;
using System.IO.Compression;
using Downhill.Learning.Data;
using Downhill.Tests.Cli;

namespace Downhill.Tests.Learning;

/// <summary>
/// Data files that try to exhaust memory or slip bad values in: gzip bombs, lying headers, devices, folders, lines
/// without end, non-finite regression targets, endless class labels. Each is refused with one line naming the file,
/// before anything of the claimed size is allocated.
/// </summary>
public sealed class HostileDataTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("downhill-hostile").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ImageFile(int count, int rows, int columns, long bodyBytes, bool gzip = true, string name = "images")
    {
        string path = Path.Combine(_folder, name);
        var header = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), columns);
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Optimal) : file;
        stream.Write(header);
        var zeros = new byte[1 << 20];
        for (long left = bodyBytes; left > 0; left -= zeros.Length) stream.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
        return path;
    }

    [Fact]
    public void AGzipBombStopsOneByteAfterItsHeadersClaim()
    {
        // 200 MB of zeros compress to about 200 KB; the header claims one 28×28 image.
        string bomb = ImageFile(1, 28, 28, 200L << 20);
        Assert.True(new FileInfo(bomb).Length < 1 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<InputException>(() => IdxFile.ReadImages(bomb));
        Assert.Equal($"'{bomb}': header says 1 images of 28×28 (784 bytes after it), but the file holds more", e.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 4 << 20, "read no more than the claim");
    }

    [Fact]
    public void AHeaderClaimingMoreThanTheLimitIsRefusedBeforeAllocating()
    {
        string huge = ImageFile(int.MaxValue, 28, 28, 0);
        var e = Assert.Throws<InputException>(() => IdxFile.ReadImages(huge));
        Assert.Equal($"'{huge}': 2,147,483,647 images of 28×28 pixels make more than the 268,435,456 values a data set may hold", e.Message);
        string negative = ImageFile(-5, 28, 28, 0, name: "negative");
        Assert.Contains("header says -5 images of 28×28, not a valid size", Assert.Throws<InputException>(() => IdxFile.ReadImages(negative)).Message);
        string truncated = ImageFile(10, 28, 28, 1000, gzip: false, name: "truncated");
        Assert.Contains("(7,840 bytes after it), but the file ends after 1,000", Assert.Throws<InputException>(() => IdxFile.ReadImages(truncated)).Message);
    }

    [Fact]
    public void AGarbledCompressedFileIsOneLine()
    {
        string path = ImageFile(3, 2, 2, 12);
        byte[] bytes = File.ReadAllBytes(path);
        for (int i = 12; i < bytes.Length - 8; i++) bytes[i] ^= 0x5a;
        File.WriteAllBytes(path, bytes);
        Assert.StartsWith($"cannot read '{path}'", Assert.Throws<InputException>(() => IdxFile.ReadImages(path)).Message);
    }

    [Theory]
    [InlineData("/dev/zero", "it is empty or not a regular file (a device or a pipe)")]
    [InlineData("/dev/urandom", "it is empty or not a regular file (a device or a pipe)")]
    [InlineData("/no/such/file.csv", "no such file")]
    public void OnlyRegularFilesAreReadAsData(string path, string why)
    {
        Assert.Equal($"cannot read '{path}': {why}", Assert.Throws<InputException>(() => CsvData.Load(path)).Message);
        Assert.Equal($"cannot read '{path}': {why}", Assert.Throws<InputException>(() => IdxFile.ReadLabels(path)).Message);
    }

    [Fact]
    public void ANamedPipeAndAFolderAreRefusedWithoutWaiting()
    {
        string pipe = Path.Combine(_folder, "pipe.csv");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", pipe)) mkfifo.WaitForExit();
        Assert.Contains("not a regular file", Assert.Throws<InputException>(() => CsvData.Load(pipe)).Message);
        Assert.Equal($"cannot read '{_folder}': it is a folder, not a data file", Assert.Throws<InputException>(() => CsvData.Load(_folder)).Message);
    }

    [Fact]
    public void ALineWithoutEndIsRefusedAtTheLimit()
    {
        string path = Path.Combine(_folder, "long.csv");
        File.WriteAllText(path, "a,b\n" + new string('1', CsvData.MaxLineLength + 10));
        Assert.Equal($"'{path}' line 2 is longer than 1,048,576 characters", Assert.Throws<InputException>(() => CsvData.Load(path)).Message);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("1e400")]
    [InlineData("-Infinity")]
    [InlineData("1e39")] // finite as a double, infinite as the float32 the data set holds
    public void ARegressionTargetMustBeFinite(string bad)
    {
        var e = Assert.Throws<InputException>(() => CsvData.Parse(["a,y", "1,0.5", $"2,{bad}", "3,1"], "t", "t.csv", null, true));
        Assert.Equal($"'t.csv' line 3, column 'y': '{bad}' is not a finite number (a regression target must be)", e.Message);
    }

    [Fact]
    public void ClassLabelsAreCappedButNumericTargetsAreNot()
    {
        var rows = Enumerable.Range(0, CsvData.MaxClasses + 5).Select(i => $"{i},{i * 0.5}").Prepend("a,y");
        Assert.Equal(CsvData.MaxClasses + 5, CsvData.Parse(rows, "r", "r.csv", null, true).Count);
        var labels = Enumerable.Range(0, CsvData.MaxClasses + 5).Select(i => $"{i},label{i}").Prepend("a,y");
        var e = Assert.Throws<InputException>(() => CsvData.Parse(labels, "c", "c.csv", null, true));
        Assert.Equal("'c.csv' line 10002, column 'y': more than 10,000 distinct class labels", e.Message);
        // Past 10,000 numbers, one label that is not a number makes it a class column with too many classes.
        var late = rows.Append("7,cat");
        Assert.Contains("more than 10,000 distinct class labels", Assert.Throws<InputException>(() => CsvData.Parse(late, "l", "l.csv", null, true)).Message);
    }

    [Fact]
    public void TrainOnADeviceIsBadInputWithOneLine()
    {
        var outcome = CliHarness.Run("train", "--data", "/dev/zero", "-m", "linear", "--epochs", "1");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("downhill: cannot read '/dev/zero': it is empty or not a regular file (a device or a pipe)", outcome.Error.Trim());
    }
}
