using System.Globalization;
using System.Text;
using System.Text.Json;
using Downhill.IO;

namespace Downhill.Running;

/// <summary>
/// Writes runs' traces to a file, whole or not at all (<see cref="AtomicFile"/>), as CSV (<c>.csv</c>: columns
/// optimizer, iter, one per variable, f, grad_norm, lr) or JSON (<c>.json</c>: an array of
/// <c>{"optimizer", "trace": [{"iter","x","f","gradNorm"},…]}</c>).
/// </summary>
public static class TraceFile
{
    private static readonly ParameterName TraceFileParameter = new("trace file");

    /// <summary>Checks before a run that <paramref name="path"/> names a .csv or .json file in an existing folder.</summary>
    /// <exception cref="InputException">Another extension, or a missing folder.</exception>
    public static void Validate(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".csv" or ".json"))
            throw new InputException($"{TraceFileParameter}: '{path}' must end in .csv or .json");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
            throw new InputException($"{TraceFileParameter}: cannot write '{path}': folder '{folder}' does not exist");
        if (Directory.Exists(path))
            throw new InputException($"{TraceFileParameter}: cannot write '{path}': it is a folder");
    }

    /// <summary>Writes the traces of <paramref name="results"/> (variables named by <paramref name="variables"/>).</summary>
    public static void Write(string path, IReadOnlyList<RunResult> results, IReadOnlyList<string> variables)
    {
        Validate(path);
        if (Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
            AtomicFile.WriteText(path, Csv(results, variables));
        else
            AtomicFile.Write(path, stream =>
            {
                using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                writer.WriteStartArray();
                foreach (var result in results)
                {
                    writer.WriteStartObject();
                    writer.WriteString("optimizer", result.Method);
                    writer.WriteStartArray("trace");
                    foreach (var entry in result.Trace) RunResultJson.WriteEntry(writer, entry);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            });
    }

    private static string Csv(IReadOnlyList<RunResult> results, IReadOnlyList<string> variables)
    {
        var text = new StringBuilder();
        text.Append("optimizer,iter");
        foreach (var v in variables) text.Append(',').Append(v);
        text.Append(",f,grad_norm,lr\n");
        foreach (var result in results)
            foreach (var entry in result.Trace)
            {
                text.Append(result.Method).Append(',').Append(entry.Iteration.ToString(CultureInfo.InvariantCulture));
                foreach (double xi in entry.X) text.Append(',').Append(RoundTrip.Format(xi));
                text.Append(',').Append(RoundTrip.Format(entry.F)).Append(',').Append(RoundTrip.Format(entry.GradientNorm))
                    .Append(',').Append(RoundTrip.Format(entry.LearningRate)).Append('\n');
            }
        return text.ToString();
    }
}
