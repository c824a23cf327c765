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
        w.WriteStartArray("ranges");
        foreach (var range in d.Ranges) w.WriteStringValue(range.ToString());
        w.WriteEndArray();
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
        var ranges = root.GetProperty("ranges").EnumerateArray().Select(r => SearchRange.Parse(r.GetString()!)).ToList();
        return new StudyDefinition(name, root.GetProperty("objective").GetString()!, ranges, options);
    });

    public static string Ranges(IReadOnlyList<SearchRange> ranges) => Json(w =>
    {
        w.WriteStartArray();
        foreach (var range in ranges) w.WriteStringValue(range.ToString());
        w.WriteEndArray();
    });

    public static IReadOnlyList<SearchRange> ReadRanges(string json, string where) =>
        Parse(json, where, root => root.EnumerateArray().Select(r => SearchRange.Parse(r.GetString()!)).ToList());

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
