using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Downhill.Analysis.Tuning;
using Downhill.IO;

namespace Downhill.Studies;

/// <summary>
/// The messages between a process that holds a study's claims and a process that runs trials for it
/// (<see cref="RemoteTrialRunner"/> and <see cref="TrialServer"/>): one JSON object a line, each naming its trial by
/// the number the holder gave it. To the runner: <c>run</c> (the request), <c>go</c> (the answer to a report: go on
/// or stop) and <c>cancel</c>. From it: <c>report</c> (a metric after an epoch), <c>outcome</c> and <c>failed</c>.
/// Numbers travel as round-trip text, so a score of NaN or infinity arrives exactly as it left.
/// </summary>
internal static class TrialWire
{
    public const string Run = "run", Go = "go", Cancel = "cancel", Report = "report", Outcome = "outcome", Failed = "failed";

    /// <summary>A message as read: its kind, its trial and the whole object.</summary>
    public readonly record struct Message(string Kind, long Id, JsonElement Body);

    public static string RunMessage(long id, TrialRequest request) => Write(Run, id, w =>
    {
        w.WriteNumber("number", request.Number);
        w.WriteNumber("round", request.Round);
        w.WriteNumber("index", request.Index);
        w.WriteNumber("rung", request.Rung);
        w.WriteString("share", RoundTrip.Format(request.BudgetShare));
        w.WriteNumber("seed", request.Seed);
        w.WriteStartArray("settings");
        foreach (var setting in request.Settings)
        {
            w.WriteStartObject();
            w.WriteString("name", setting.Name);
            w.WriteString("value", RoundTrip.Format(setting.Value));
            if (setting.Choice is { } choice) w.WriteString("choice", choice);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    public static string GoMessage(long id, bool goOn) => Write(Go, id, w => w.WriteBoolean("on", goOn));

    public static string CancelMessage(long id) => Write(Cancel, id, _ => { });

    public static string ReportMessage(long id, int epoch, double metric) => Write(Report, id, w =>
    {
        w.WriteNumber("epoch", epoch);
        w.WriteString("metric", RoundTrip.Format(metric));
    });

    public static string OutcomeMessage(long id, TrialOutcome outcome) => Write(Outcome, id, w =>
    {
        w.WriteString("score", RoundTrip.Format(outcome.Score));
        w.WriteString("stop", outcome.Stop);
        w.WriteBoolean("pruned", outcome.Pruned);
    });

    /// <summary>A trial whose objective threw: its message, and whether it was bad input or a cancellation.</summary>
    public static string FailedMessage(long id, Exception error) => Write(Failed, id, w =>
    {
        w.WriteString("message", error.Message);
        w.WriteBoolean("input", error is InputException);
        w.WriteBoolean("cancelled", error is OperationCanceledException);
    });

    /// <summary>Reads one line; an <see cref="InvalidDataException"/> when it is not a message.</summary>
    public static Message Read(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var body = document.RootElement.Clone();
            return new Message(body.GetProperty("kind").GetString()!, body.GetProperty("id").GetInt64(), body);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new InvalidDataException($"not a trial message: {(line.Length > 80 ? line[..80] + "…" : line)}", e);
        }
    }

    public static TrialRequest ReadRequest(JsonElement body) =>
        new(body.GetProperty("number").GetInt32(), body.GetProperty("round").GetInt32(), body.GetProperty("index").GetInt32(),
            body.GetProperty("rung").GetInt32(),
            [.. body.GetProperty("settings").EnumerateArray().Select(s => new Setting(s.GetProperty("name").GetString()!,
                Number(s.GetProperty("value")), s.TryGetProperty("choice", out var choice) ? choice.GetString() : null))],
            Number(body.GetProperty("share")), body.GetProperty("seed").GetUInt64());

    public static TrialOutcome ReadOutcome(JsonElement body) =>
        new(Number(body.GetProperty("score")), body.GetProperty("stop").GetString()!) { Pruned = body.GetProperty("pruned").GetBoolean() };

    /// <summary>The exception a <see cref="FailedMessage"/> stands for, as the holder throws it.</summary>
    public static Exception ReadFailure(JsonElement body)
    {
        string message = body.GetProperty("message").GetString()!;
        if (body.GetProperty("cancelled").GetBoolean()) return new OperationCanceledException(message);
        return body.GetProperty("input").GetBoolean() ? new InputException(message) : new InvalidOperationException($"a trial failed in a worker process: {message}");
    }

    public static double Number(JsonElement text) => double.Parse(text.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Write(string kind, long id, Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", kind);
            writer.WriteNumber("id", id);
            fields(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
