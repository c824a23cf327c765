using System.Globalization;
using System.IO.Compression;

namespace Downhill.Learning.Data;

/// <summary>
/// The small data sets shipped inside the library (scikit-learn 1.2.2's files, see data/PROVENANCE.md):
/// iris, wine and breast-cancer (a header <c>rows,features,class names…</c>, label last), digits (no header, label
/// last) and diabetes (space-separated raw features, a separate target file).
/// </summary>
internal static class BundledData
{
    public static readonly string[] Names = ["iris", "wine", "breast-cancer", "digits", "diabetes"];

    public static Dataset Load(string name) => name switch
    {
        "iris" => WithHeader("iris", "iris.csv"),
        "wine" => WithHeader("wine", "wine_data.csv"),
        "breast-cancer" => WithHeader("breast-cancer", "breast_cancer.csv"),
        "digits" => Digits(),
        "diabetes" => Diabetes(),
        _ => throw new ArgumentException($"no bundled data set '{name}'"),
    };

    private static Dataset WithHeader(string name, string file)
    {
        string[] lines = ReadLines(file);
        string[] header = lines[0].Split(',');
        int rows = int.Parse(header[0], CultureInfo.InvariantCulture);
        int features = int.Parse(header[1], CultureInfo.InvariantCulture);
        var classNames = header.Skip(2).ToList();
        var values = new float[rows * features];
        var targets = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            for (int j = 0; j < features; j++) values[i * features + j] = ParseFloat(fields[j]);
            targets[i] = int.Parse(fields[features], CultureInfo.InvariantCulture);
        }
        return new Dataset(name, values, targets, features, classNames);
    }

    private static Dataset Digits()
    {
        string[] lines = ReadLines("digits.csv.gz");
        var values = new float[lines.Length * 64];
        var targets = new float[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] fields = lines[i].Split(',');
            for (int j = 0; j < 64; j++) values[i * 64 + j] = ParseFloat(fields[j]);
            targets[i] = ParseFloat(fields[64]);
        }
        return new Dataset("digits", values, targets, 64, Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToList());
    }

    private static Dataset Diabetes()
    {
        string[] lines = ReadLines("diabetes_data_raw.csv.gz");
        string[] target = ReadLines("diabetes_target.csv.gz");
        var values = new float[lines.Length * 10];
        var targets = new float[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            string[] fields = CsvData.Split(lines[i]);
            for (int j = 0; j < 10; j++) values[i * 10 + j] = ParseFloat(fields[j]);
            targets[i] = ParseFloat(target[i]);
        }
        return new Dataset("diabetes", values, targets, 10, [],
            ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]);
    }

    private static string[] ReadLines(string file)
    {
        using var resource = typeof(BundledData).Assembly.GetManifestResourceStream($"Downhill.Data.{file}")
            ?? throw new InvalidOperationException($"bundled file {file} is missing from the assembly");
        using Stream stream = file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(resource, CompressionMode.Decompress) : resource;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static float ParseFloat(string s) => float.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
