using Downhill.Running;
using Downhill.Learning.Tensors;

namespace Downhill.Learning.Data;

/// <summary>
/// Data sets by name: mnist and fashion-mnist (their own 60,000/10,000 train/test files, pixels scaled to [0, 1] and
/// standardized only when asked; found by a <see cref="DataLocator"/>, else downloaded into its cache),
/// and the bundled iris, wine, breast-cancer, digits and diabetes (a seeded 20% test split, features standardized
/// on the training split). Any other name is read as a CSV file path.
/// </summary>
public static class DatasetCatalog
{
    /// <summary>The fraction of a bundled data set held out for testing.</summary>
    public const double TestFraction = 0.2;

    /// <summary>Every data set by name.</summary>
    public static IReadOnlyList<string> Names { get; } = ["mnist", "fashion-mnist", .. BundledData.Names];

    /// <summary>The data sets shipped inside the library: loading them reads no file and downloads nothing.</summary>
    public static IReadOnlyList<string> Bundled { get; } = BundledData.Names;

    private static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// Loads <paramref name="name"/> and splits it: test as described above, then <paramref name="validationFraction"/>
    /// of the training rows for validation, both from <paramref name="seed"/>. <paramref name="standardize"/> centres and
    /// scales every feature with the training split's statistics; left null, the tables are standardized and the images
    /// are not (their pixels stay in [0, 1], mostly zeros, which the sparse products exploit).
    /// </summary>
    public static DataSplits Load(string name, DataLocator locator, double validationFraction, ulong seed, string? targetColumn = null,
        bool? standardize = null)
    {
        var random = new SeededRandom(seed ^ 0x5EED_DA7AUL);
        DataSplits splits;
        bool standardizeByDefault = true;
        switch (name)
        {
            case "mnist":
                splits = Idx(name, "mnist", locator, Enumerable.Range(0, 10).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());
                standardizeByDefault = false;
                break;
            case "fashion-mnist":
                splits = Idx(name, "fashion-mnist", locator, FashionClasses);
                standardizeByDefault = false;
                break;
            default:
                Dataset all;
                if (BundledData.Names.Contains(name)) all = BundledData.Load(name);
                else if (File.Exists(name)) all = CsvData.Load(name, targetColumn);
                else throw new InputException($"unknown data set '{name}' (and no such file); valid: {string.Join(", ", Names)}, or a CSV path");
                splits = DataSplits.Split(all, TestFraction, random);
                break;
        }
        if (validationFraction > 0) splits = splits.WithValidation(validationFraction, random);
        return standardize ?? standardizeByDefault ? splits.Standardized() : splits;
    }

    private static DataSplits Idx(string name, string folder, DataLocator locator, IReadOnlyList<string> classes)
    {
        string Locate(string file)
        {
            if (locator.Find(folder, file) is { } found) return found;
            var (downloaded, failures) = locator.SearchDefaults
                ? DatasetDownloader.TryDownload(folder, file)
                : (null, new[] { "none tried (only the data directory given is searched)" });
            if (downloaded is not null) return downloaded;
            string looked = string.Join("; ", locator.Places.Select(p => $"{p.What} {p.Folder}"));
            string advice = locator.DataDirectory is null
                ? $"name a data directory holding {folder}/, or set DOWNHILL_DATA"
                : $"the data directory given holds no {folder}/ with the four IDX files";
            throw new InputException($"{name}: '{folder}/{file}' not found. Looked in {looked}. Downloads: {string.Join("; ", failures)}. " +
                                     $"To fix: {advice}.");
        }
        var train = IdxFile.Load(Locate("train-images-idx3-ubyte.gz"), Locate("train-labels-idx1-ubyte.gz"), name, classes);
        var test = IdxFile.Load(Locate("t10k-images-idx3-ubyte.gz"), Locate("t10k-labels-idx1-ubyte.gz"), $"{name} (test)", classes);
        return new DataSplits(train, null, test);
    }
}
