using System.Text.Json;

namespace Downhill.IO;

/// <summary>
/// JSON has no NaN or infinity, but diverged runs produce them: they are written as the strings
/// "NaN", "Infinity" and "-Infinity" (the convention of JavaScript's Number and of Json.NET), every finite
/// double in its shortest round-trippable form.
/// </summary>
/// <remarks>
/// Named WriteReal, not WriteNumber: Utf8JsonWriter's own WriteNumber(string, double) would win over an extension
/// of that name and throw on NaN.
/// </remarks>
public static class JsonNumbers
{
    /// <summary>Writes <paramref name="value"/> as a JSON number, or as the string "NaN", "Infinity" or "-Infinity".</summary>
    public static void WriteReal(this Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    /// <summary>Writes the property <paramref name="name"/> with <paramref name="value"/>, as <see cref="WriteReal(Utf8JsonWriter, double)"/> writes it.</summary>
    public static void WriteReal(this Utf8JsonWriter writer, string name, double value)
    {
        writer.WritePropertyName(name);
        writer.WriteReal(value);
    }

    /// <summary>Writes the property <paramref name="name"/> as an array, each value as <see cref="WriteReal(Utf8JsonWriter, double)"/> writes it.</summary>
    public static void WriteReals(this Utf8JsonWriter writer, string name, IEnumerable<double> values)
    {
        writer.WriteStartArray(name);
        foreach (double v in values) writer.WriteReal(v);
        writer.WriteEndArray();
    }

    /// <summary>Reads a number written by <see cref="WriteReal(Utf8JsonWriter, double)"/>.</summary>
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
