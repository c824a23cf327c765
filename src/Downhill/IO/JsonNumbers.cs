using System.Text.Json;

namespace Downhill.IO;

/// <summary>
/// JSON has no NaN or infinity, but diverged runs produce them: they are written as the strings
/// "NaN", "Infinity" and "-Infinity" (the convention of JavaScript's Number and of Json.NET), every finite
/// double in its shortest round-trippable form.
/// </summary>
public static class JsonNumbers
{
    public static void WriteNumber(this Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    public static void WriteNumber(this Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.WriteNumber(value);
    }

    public static void WriteNumbers(this Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double v in values) writer.WriteNumber(v);
        writer.WriteEndArray();
    }

    /// <summary>Reads a number written by <see cref="WriteNumber(Utf8JsonWriter, double)"/>.</summary>
    public static double ReadNumber(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetDouble(),
        JsonValueKind.String => element.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"not a number: '{s}'"),
        },
        _ => throw new FormatException($"not a number: {element.ValueKind}"),
    };
}
