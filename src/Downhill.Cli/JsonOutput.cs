using System.Text;
using System.Text.Json;
using Downhill.IO;

namespace Downhill.Cli;

/// <summary>Writes one JSON document (compact, one line) to a command's output; NaN and infinities as strings.</summary>
internal static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            write(writer);
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>A named number; NaN and infinities as strings (see JsonNumbers).</summary>
    public static void Number(Utf8JsonWriter writer, string name, double value) => writer.WriteReal(name, value);

    /// <summary><c>{"key":value,…}</c> for named values such as hyperparameters.</summary>
    public static void Settings(Utf8JsonWriter writer, string name, IEnumerable<KeyValuePair<string, double>> settings)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in settings) Number(writer, key, value);
        writer.WriteEndObject();
    }

    /// <summary><c>{"x":[…],"f":…}</c> plus whatever <paramref name="more"/> adds.</summary>
    public static void Point(Utf8JsonWriter writer, IReadOnlyList<double> x, double f, Action<Utf8JsonWriter>? more = null)
    {
        writer.WriteStartObject();
        writer.WriteReals("x", x);
        Number(writer, "f", f);
        more?.Invoke(writer);
        writer.WriteEndObject();
    }
}
