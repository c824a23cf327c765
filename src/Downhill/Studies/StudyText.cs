using System.Text;
using System.Text.Json;
using Downhill.Analysis.Tuning;

namespace Downhill.Studies;

/// <summary>
/// How a study's definition, a stage's ranges and a trial's settings are written into storage and read back
/// (JSON; numbers round-trip). Reading checks every field: a damaged row is an <see cref="InputException"/>.
/// </summary>
internal static class StudyText
{
    public static string Definition(StudyDefinition d) => Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("objective", d.Objective);
        w.WritePropertyName("ranges");
        WriteRanges(w, d.Ranges);
        w.WriteNumber("trialsPerRound", d.Options.TrialsPerRound);
        w.WriteNumber("rounds", d.Options.Rounds);
        w.WriteNumber("keep", d.Options.Keep);
        w.WriteBoolean("halving", d.Options.Halving);
        w.WriteNumber("seed", d.Options.Seed);
        w.WriteBoolean("maximize", d.Options.Maximize);
        w.WriteString("pruning", d.Options.Pruning.ToString());
        w.WriteNumber("retries", d.Options.Retries);
        w.WriteEndObject();
    });

    public static StudyDefinition ReadDefinition(string name, string json, string where) => Parse(json, where, root =>
    {
        var options = new TuneOptions
        {
            TrialsPerRound = root.GetProperty("trialsPerRound").GetInt32(),
            Rounds = root.GetProperty("rounds").GetInt32(),
            Keep = root.GetProperty("keep").GetDouble(),
            Halving = root.GetProperty("halving").GetBoolean(),
            Seed = root.GetProperty("seed").GetInt64(),
            Maximize = root.GetProperty("maximize").GetBoolean(),
            Pruning = Pruning.Parse(root.GetProperty("pruning").GetString()!),
            Retries = root.GetProperty("retries").GetInt32(),
        };
        var ranges = ReadRanges(root.GetProperty("ranges"));
        return new StudyDefinition(name, root.GetProperty("objective").GetString()!, ranges, options);
    });

    /// <summary>
    /// <c>[{"name":"lr","low":1e-5,"high":1,"scale":"log","int":false},{"name":"act","choices":["relu"]}]</c>: fields,
    /// not the range's text, since a narrowed list may hold a single choice, which has no text of its own.
    /// </summary>
    public static string Ranges(IReadOnlyList<SearchRange> ranges) => Json(w => WriteRanges(w, ranges));

    public static IReadOnlyList<SearchRange> ReadRanges(string json, string where) => Parse(json, where, ReadRanges);

    private static void WriteRanges(Utf8JsonWriter w, IReadOnlyList<SearchRange> ranges)
    {
        w.WriteStartArray();
        foreach (var range in ranges)
        {
            w.WriteStartObject();
            w.WriteString("name", range.Name);
            if (range.IsChoice)
            {
                w.WriteStartArray("choices");
                foreach (string choice in range.Choices) w.WriteStringValue(choice);
                w.WriteEndArray();
            }
            else
            {
                w.WriteNumber("low", range.Low);
                w.WriteNumber("high", range.High);
                w.WriteString("scale", range.Scale == RangeScale.Log ? "log" : "linear");
                w.WriteBoolean("int", range.IsInteger);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static List<SearchRange> ReadRanges(JsonElement array) =>
        array.EnumerateArray().Select(r =>
        {
            string name = r.GetProperty("name").GetString()!;
            if (r.TryGetProperty("choices", out var choices)) return SearchRange.OneOf(name, choices.EnumerateArray().Select(c => c.GetString()!).ToList());
            var scale = r.GetProperty("scale").GetString() switch
            {
                "log" => RangeScale.Log,
                "linear" => RangeScale.Linear,
                var other => throw new FormatException($"scale '{other}'"),
            };
            return new SearchRange(name, r.GetProperty("low").GetDouble(), r.GetProperty("high").GetDouble(), scale, r.GetProperty("int").GetBoolean());
        }).ToList();

    /// <summary><c>[["lr",0.001],["activation","tanh"]]</c>: numbers as numbers, choices as strings, in the ranges' order.</summary>
    public static string Settings(IReadOnlyList<Setting> settings) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var s in settings)
        {
            w.WriteStartArray();
            w.WriteStringValue(s.Name);
            if (s.Choice is null) w.WriteNumberValue(s.Value);
            else w.WriteStringValue(s.Choice);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    });

    public static IReadOnlyList<Setting> ReadSettings(string json, string where) => Parse(json, where, root =>
        root.EnumerateArray().Select(pair =>
        {
            string name = pair[0].GetString()!;
            return pair[1].ValueKind == JsonValueKind.String ? Setting.Chosen(name, pair[1].GetString()!) : new Setting(name, pair[1].GetDouble());
        }).ToList());

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream)) write(writer);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads <paramref name="json"/>; anything malformed or missing is reported as damage at <paramref name="where"/>.</summary>
    private static T Parse<T>(string json, string where, Func<JsonElement, T> read)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException
                                       or IndexOutOfRangeException or InputException)
        {
            throw new InputException($"{where} is damaged: '{Shorten(json)}' does not read back ({e.Message})");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
