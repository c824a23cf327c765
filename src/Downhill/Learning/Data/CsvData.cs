using System.Globalization;
using System.Text;

namespace Downhill.Learning.Data;

/// <summary>
/// Reads a CSV file of samples: a header line of column names (or none), one row per sample, a target column
/// (named, 0-based index, or the last by default). A target column with any non-numeric entry holds class labels,
/// numbered in order of first appearance; otherwise it is a regression target, every value finite. Fields are
/// separated by commas, or by whitespace when a line has no comma.
/// </summary>
/// <remarks>
/// The file streams: each row is parsed into numbers as it is read, so memory is the data set's, not the text's;
/// a line holds at most <see cref="MaxLineLength"/> characters, a data set at most <see cref="DataFile.MaxValues"/>
/// values and <see cref="MaxClasses"/> classes, each checked as the rows arrive.
/// </remarks>
public static class CsvData
{
    /// <summary>The longest line read (a file with no line breaks is refused here, not read whole).</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>The most distinct class labels a target column may hold.</summary>
    public const int MaxClasses = 10_000;

    /// <summary>Reads the CSV file at <paramref name="path"/> as a data set, its target the column <paramref name="targetColumn"/>.</summary>
    public static Dataset Load(string path, string? targetColumn = null, bool hasHeader = true)
    {
        using var file = DataFile.OpenRead(path);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        try
        {
            return Parse(Lines(reader, path), Path.GetFileNameWithoutExtension(path), path, targetColumn, hasHeader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>Parses CSV <paramref name="lines"/> as a data set, as <see cref="Load"/> does.</summary>
    public static Dataset Parse(IEnumerable<string> lines, string name, string source, string? targetColumn, bool hasHeader)
    {
        string[]? header = null;
        int width = 0, target = 0, line = 0, rows = 0;
        bool labelsGivenUp = false;
        var features = new List<float>();
        var numbers = new List<float>();
        var labels = new List<int>();
        var classes = new Dictionary<string, int>();
        bool numeric = true;
        string? firstTargetText = null;
        int firstTargetLine = 0;
        foreach (string text in lines)
        {
            line++;
            string[] fields = Split(text);
            if (fields.Length == 0 || fields[0].Length == 0) continue;
            if (header is null)
            {
                header = hasHeader ? fields : Enumerable.Range(0, fields.Length).Select(i => $"x{i + 1}").ToArray();
                width = header.Length;
                if (width < 2) throw new InputException($"'{source}' needs at least one feature column and a target column");
                target = TargetIndex(header, targetColumn, source);
                if (hasHeader) continue;
            }
            if (fields.Length != width)
                throw new InputException($"'{source}' line {line}: {fields.Length} fields, the header has {width}");
            DataFile.CheckValues(rows + 1L, width - 1, source, $"{rows + 1L:N0} rows of {width - 1} features");
            for (int j = 0; j < width; j++)
            {
                if (j == target) continue;
                if (!float.TryParse(fields[j], NumberStyles.Float, CultureInfo.InvariantCulture, out float v) || !float.IsFinite(v))
                    throw new InputException($"'{source}' line {line}, column '{header[j]}': '{fields[j]}' is not a number");
                features.Add(v);
            }
            string label = fields[target];
            if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                numbers.Add((float)value);
                if (!float.IsFinite((float)value) && firstTargetText is null) (firstTargetText, firstTargetLine) = (label, line);
            }
            else
            {
                numeric = false;
            }
            rows++;
            if (labelsGivenUp)
            {
                if (!numeric) throw TooManyClasses(source, line, header[target]);
                continue;
            }
            if (!classes.TryGetValue(label, out int index))
            {
                index = classes.Count;
                classes.Add(label, index);
            }
            labels.Add(index);
            if (classes.Count > MaxClasses)
            {
                // A numeric column may have any number of distinct values; labels are needed only if one is not a number.
                if (!numeric) throw TooManyClasses(source, line, header[target]);
                labelsGivenUp = true;
                classes.Clear();
                labels.Clear();
            }
        }
        if (header is null || rows == 0)
            throw new InputException($"'{source}' has no data rows");
        if (numeric && firstTargetText is not null)
            throw new InputException($"'{source}' line {firstTargetLine}, column '{header[target]}': '{firstTargetText}' is not a finite number (a regression target must be)");
        var featureNames = header.Where((_, j) => j != target).ToList();
        var classNames = numeric ? [] : classes.OrderBy(c => c.Value).Select(c => c.Key).ToList();
        var targets = numeric ? numbers.ToArray() : labels.Select(i => (float)i).ToArray();
        return new Dataset(name, features.ToArray(), targets, width - 1, classNames, featureNames);
    }

    private static InputException TooManyClasses(string source, int line, string column) =>
        new($"'{source}' line {line}, column '{column}': more than {MaxClasses:N0} distinct class labels");

    /// <summary>The file's lines, each at most <see cref="MaxLineLength"/> characters.</summary>
    private static IEnumerable<string> Lines(TextReader reader, string path)
    {
        var line = new StringBuilder();
        var buffer = new char[1 << 14];
        int count, number = 1;
        while ((count = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (int i = 0; i < count; i++)
            {
                char c = buffer[i];
                if (c == '\n')
                {
                    yield return line.ToString();
                    line.Clear();
                    number++;
                }
                else if (line.Length == MaxLineLength)
                {
                    throw new InputException($"'{path}' line {number} is longer than {MaxLineLength:N0} characters");
                }
                else if (c != '\r')
                {
                    line.Append(c);
                }
            }
        }
        if (line.Length > 0) yield return line.ToString();
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
