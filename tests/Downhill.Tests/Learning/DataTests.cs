using System.Buffers.Binary;
using System.IO.Compression;
using Downhill.Learning.Data;
using Downhill.Running;

namespace Downhill.Tests.Learning;

public class DataTests
{
    [Theory]
    [InlineData("iris", 150, 4, 3)]
    [InlineData("wine", 178, 13, 3)]
    [InlineData("breast-cancer", 569, 30, 2)]
    [InlineData("digits", 1797, 64, 10)]
    [InlineData("diabetes", 442, 10, 0)]
    public void BundledDataSetsHaveTheirPublishedSizes(string name, int rows, int features, int classes)
    {
        var splits = DatasetCatalog.Load(name, new DataLocator(), 0.1, seed: 1);
        int total = splits.Train.Count + splits.Validation!.Count + splits.Test.Count;
        Assert.Equal(rows, total);
        Assert.Equal((int)Math.Round(rows * 0.2), splits.Test.Count);
        Assert.Equal(features, splits.Train.FeatureCount);
        Assert.Equal(classes, splits.Train.ClassCount);
    }

    [Fact]
    public void StandardizationIsFittedOnTheTrainingSplitOnly()
    {
        var splits = DatasetCatalog.Load("wine", new DataLocator(), 0.2, seed: 4);
        for (int j = 0; j < splits.Train.FeatureCount; j++)
        {
            double mean = 0, square = 0;
            for (int i = 0; i < splits.Train.Count; i++)
            {
                double v = splits.Train.Features[i * splits.Train.FeatureCount + j];
                mean += v;
                square += v * v;
            }
            mean /= splits.Train.Count;
            Assert.Equal(0, mean, 5);
            Assert.Equal(1, square / splits.Train.Count - mean * mean, 4);
        }
        // The test split, standardized with the training statistics, is not exactly centred.
        double testMean = Enumerable.Range(0, splits.Test.Count).Average(i => splits.Test.Features[i * 13]);
        Assert.NotEqual(0, testMean, 3);
    }

    [Fact]
    public void ImagesAreStandardizedOnlyWhenAsked()
    {
        var pixels = DatasetCatalog.Load("fashion-mnist", new DataLocator(), 0, seed: 0);
        Assert.False(pixels.IsStandardized);
        Assert.Equal(0f, pixels.Train.Features.Min());
        Assert.Equal(1f, pixels.Train.Features.Max());

        var standardized = DatasetCatalog.Load("fashion-mnist", new DataLocator(), 0, seed: 0, standardize: true);
        Assert.True(standardized.IsStandardized);
        var train = standardized.Train;
        const int centre = 14 * 28 + 14;   // a pixel every garment covers
        double mean = Enumerable.Range(0, train.Count).Average(i => (double)train.Features[i * 784 + centre]);
        double variance = Enumerable.Range(0, train.Count).Average(i => Math.Pow(train.Features[i * 784 + centre] - mean, 2));
        Assert.Equal(0, mean, 4);
        Assert.Equal(1, variance, 3);
        // The tables are standardized unless told otherwise.
        Assert.True(DatasetCatalog.Load("digits", new DataLocator(), 0, seed: 1).IsStandardized);
        var counts = DatasetCatalog.Load("digits", new DataLocator(), 0, seed: 1, standardize: false);
        Assert.All(counts.Train.Features, v => Assert.True(v == MathF.Floor(v) && v is >= 0 and <= 16, $"{v} is not a count 0..16"));
    }

    [Fact]
    public void SplitsAreSeeded()
    {
        var a = DatasetCatalog.Load("iris", new DataLocator(), 0.2, seed: 7);
        var b = DatasetCatalog.Load("iris", new DataLocator(), 0.2, seed: 7);
        var c = DatasetCatalog.Load("iris", new DataLocator(), 0.2, seed: 8);
        Assert.Equal(a.Test.Features, b.Test.Features);
        Assert.NotEqual(a.Test.Features, c.Test.Features);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IdxFilesAreReadGzippedOrPlain(bool gzip)
    {
        string dir = Directory.CreateTempSubdirectory("downhill-idx").FullName;
        try
        {
            string images = Path.Combine(dir, "images"), labels = Path.Combine(dir, "labels");
            var header = new byte[16];
            BinaryPrimitives.WriteInt32BigEndian(header, 0x803);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), 3);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(8), 2);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(12), 2);
            Write(images, [.. header, 0, 255, 51, 102, 1, 2, 3, 4, 5, 6, 7, 8], gzip);
            var labelHeader = new byte[8];
            BinaryPrimitives.WriteInt32BigEndian(labelHeader, 0x801);
            BinaryPrimitives.WriteInt32BigEndian(labelHeader.AsSpan(4), 3);
            Write(labels, [.. labelHeader, 7, 0, 9], gzip);
            var data = IdxFile.Load(images, labels, "tiny", Enumerable.Range(0, 10).Select(i => $"{i}").ToList());
            Assert.Equal(3, data.Count);
            Assert.Equal(4, data.FeatureCount);
            Assert.Equal([0f, 1f, 0.2f, 0.4f], data.FeatureRow(0).ToArray());
            Assert.Equal([7f, 0f, 9f], data.Targets);

            Write(labels, [.. labelHeader, 7, 0], gzip);
            Assert.Contains("header says 3 labels", Assert.Throws<InputException>(() => IdxFile.Load(images, labels, "tiny", ["a"])).Message);
            Assert.Contains("is not an IDX image file", Assert.Throws<InputException>(() => IdxFile.Load(labels, labels, "tiny", ["a"])).Message);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Write(string path, byte[] bytes, bool gzip)
    {
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        stream.Write(bytes);
    }

    [Fact]
    public void CsvTargetsAreClassesWhenNamedAndValuesWhenNumeric()
    {
        string[] lines = ["a,b,species", "1,2,cat", "3,4,dog", "5,6,cat"];
        var classes = CsvData.Parse(lines, "pets", "pets.csv", null, hasHeader: true);
        Assert.Equal(["cat", "dog"], classes.ClassNames);
        Assert.Equal([0f, 1f, 0f], classes.Targets);
        Assert.Equal([1f, 0f, 0f, 1f, 1f, 0f], classes.OneHotTargets());
        var regression = CsvData.Parse(["a b y", "1 2 0.5", "3 4 1.5"], "r", "r.csv", "a", hasHeader: true);
        Assert.Equal(0, regression.ClassCount);
        Assert.Equal([1f, 3f], regression.Targets);
        Assert.Equal(["b", "y"], regression.FeatureNames);
        Assert.Equal([2f, 0.5f, 4f, 1.5f], regression.Features);
    }

    [Fact]
    public void CsvErrorsNameTheFileLineAndColumn()
    {
        var e = Assert.Throws<InputException>(() => CsvData.Parse(["a,b,y", "1,x,0"], "t", "t.csv", null, true));
        Assert.Equal("'t.csv' line 2, column 'b': 'x' is not a number", e.Message);
        var ragged = Assert.Throws<InputException>(() => CsvData.Parse(["a,b,y", "1,2"], "t", "t.csv", null, true));
        Assert.Contains("line 2: 2 fields, the header has 3", ragged.Message);
        var column = Assert.Throws<InputException>(() => CsvData.Parse(["a,b,y", "1,2,3"], "t", "t.csv", "z", true));
        Assert.Contains("has no column 'z'", column.Message);
    }

    [Theory]
    [InlineData("mnist", 1135)]           // the published per-class count of the test set
    [InlineData("fashion-mnist", 1000)]
    public void MnistAndFashionMnistShipWithTheCheckout(string set, int ones)
    {
        string? labels = new DataLocator().Find(set, "t10k-labels-idx1-ubyte.gz");
        Assert.NotNull(labels);
        Assert.StartsWith(Path.Combine(Repository.Root, "data", set), labels);
        byte[] read = IdxFile.ReadLabels(labels);
        Assert.Equal(10_000, read.Length);
        Assert.Equal(ones, read.Count(l => l == 1));
    }

    [Fact]
    public void ADataDirectoryMayBeTheSetFolderOrItsParent()
    {
        string mnist = Path.Combine(Repository.Root, "data", "mnist");
        string expected = Path.Combine(mnist, "t10k-labels-idx1-ubyte.gz");
        Assert.Equal(expected, new DataLocator(mnist, searchDefaults: false).Find("mnist", "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal(expected, new DataLocator(Path.GetDirectoryName(mnist), searchDefaults: false).Find("mnist", "t10k-labels-idx1-ubyte.gz"));
        // A folder named for another set is not taken for this one.
        Assert.Null(new DataLocator(mnist, searchDefaults: false).Find("fashion-mnist", "t10k-labels-idx1-ubyte.gz"));
    }

    [Fact]
    public void ADataDirectoryThatIsNotAFolderIsRefused()
    {
        string file = Path.GetTempFileName();
        try
        {
            Assert.Equal($"the data directory '{file}' is a file, not a folder",
                Assert.Throws<InputException>(() => new DataLocator(file)).Message);
            Assert.Equal($"the data directory '{file}.missing' does not exist",
                Assert.Throws<InputException>(() => new DataLocator(file + ".missing")).Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void MissingLargeDataSaysWhereItLooked()
    {
        string empty = Directory.CreateTempSubdirectory("downhill-nodata").FullName;
        try
        {
            var given = Assert.Throws<InputException>(() => DatasetCatalog.Load("fashion-mnist", new DataLocator(empty, searchDefaults: false), 0, 1));
            Assert.Equal($"fashion-mnist: 'fashion-mnist/train-images-idx3-ubyte.gz' not found. Looked in the data directory given {empty}. " +
                         "Downloads: none tried (only the data directory given is searched). " +
                         "To fix: the data directory given holds no fashion-mnist/ with the four IDX files.", given.Message);

            string? data = Environment.GetEnvironmentVariable("DOWNHILL_DATA");
            try
            {
                // Every default place is named, in order; no download is tried offline.
                Environment.SetEnvironmentVariable("DOWNHILL_DATA", empty);
                Assert.Equal(["DOWNHILL_DATA", "this checkout's data folder", "the download cache"], new DataLocator().Places.Select(p => p.What));
                Assert.Equal([empty, Path.Combine(Repository.Root, "data"), DataLocator.CacheFolder], new DataLocator().Folders);
            }
            finally
            {
                Environment.SetEnvironmentVariable("DOWNHILL_DATA", data);
            }
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Fact]
    public void MinibatchRowsAreGatheredInOrder()
    {
        var data = new Dataset("d", [0, 1, 10, 11, 20, 21], [0, 1, 2], 2, ["a", "b", "c"]);
        var features = new float[4];
        var targets = new float[2];
        data.CopyRows([2, 0], features, targets);
        Assert.Equal([20f, 21f, 0f, 1f], features);
        Assert.Equal([2f, 0f], targets);
    }

    [Fact]
    public void RandomStateRoundTrips()
    {
        var random = new SeededRandom(3);
        random.NextGaussian();   // leaves a spare normal in the state
        var saved = random.State;
        double[] expected = [random.NextGaussian(), random.NextDouble(), random.NextInt(17)];
        var restored = new SeededRandom(99) { State = saved };
        double[] actual = [restored.NextGaussian(), restored.NextDouble(), restored.NextInt(17)];
        Assert.Equal(expected, actual);
    }
}
