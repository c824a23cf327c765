using System.Globalization;

namespace Downhill.Learning.Data;

/// <summary>
/// Reads a CSV file of samples: a header line of column names (or none), one row per sample, a target column
/// (named, 0-based index, or the last by default). A target column with any non-numeric entry holds class labels,
/// numbered in order of first appearance; otherwise it is a regression target. Fields are separated by commas, or
/// by whitespace when a line has no comma.
/// </summary>
public static class CsvData
{
    public static Dataset Load(string path, string? targetColumn = null, bool hasHeader = true)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}");
        }
        return Parse(lines, Path.GetFileNameWithoutExtension(path), path, targetColumn, hasHeader);
    }

    public static Dataset Parse(IReadOnlyList<string> lines, string name, string source, string? targetColumn, bool hasHeader)
    {
        var rows = lines.Select((text, index) => (Fields: Split(text), Line: index + 1)).Where(r => r.Fields.Length > 0 && r.Fields[0].Length > 0).ToList();
        if (rows.Count < (hasHeader ? 2 : 1))
            throw new InputException($"'{source}' has no data rows");
        string[] header = hasHeader ? rows[0].Fields : Enumerable.Range(0, rows[0].Fields.Length).Select(i => $"x{i + 1}").ToArray();
        var data = hasHeader ? rows.Skip(1).ToList() : rows;
        int width = header.Length;
        if (width < 2) throw new InputException($"'{source}' needs at least one feature column and a target column");
        int target = TargetIndex(header, targetColumn, source);
        foreach (var (fields, line) in data)
            if (fields.Length != width)
                throw new InputException($"'{source}' line {line}: {fields.Length} fields, the header has {width}");
        bool classes = data.Any(r => !double.TryParse(r.Fields[target], NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var classNames = new List<string>();
        var features = new float[data.Count * (width - 1)];
        var targets = new float[data.Count];
        for (int i = 0; i < data.Count; i++)
        {
            var (fields, line) = data[i];
            int f = 0;
            for (int j = 0; j < width; j++)
            {
                if (j == target) continue;
                if (!float.TryParse(fields[j], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    throw new InputException($"'{source}' line {line}, column '{header[j]}': '{fields[j]}' is not a number");
                features[i * (width - 1) + f++] = v;
            }
            if (classes)
            {
                int index = classNames.IndexOf(fields[target]);
                if (index < 0) { index = classNames.Count; classNames.Add(fields[target]); }
                targets[i] = index;
            }
            else
            {
                targets[i] = float.Parse(fields[target], NumberStyles.Float, CultureInfo.InvariantCulture);
            }
        }
        var featureNames = header.Where((_, j) => j != target).ToList();
        return new Dataset(name, features, targets, width - 1, classNames, featureNames);
    }

    private static int TargetIndex(string[] header, string? column, string source)
    {
        if (column is null) return header.Length - 1;
        int named = Array.IndexOf(header, column);
        if (named >= 0) return named;
        if (int.TryParse(column, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index) && index >= 0 && index < header.Length)
            return index;
        throw new InputException($"'{source}' has no column '{column}'; columns: {string.Join(", ", header)}");
    }

    internal static string[] Split(string line)
    {
        string trimmed = line.Trim();
        if (trimmed.Length == 0) return [];
        return trimmed.Contains(',')
            ? trimmed.Split(',').Select(f => f.Trim()).ToArray()
            : trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
    }
}
