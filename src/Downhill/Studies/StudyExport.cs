using System.Globalization;
using System.Text;
using System.Text.Json;
using Downhill.Analysis.Tuning;
using Downhill.IO;

namespace Downhill.Studies;

/// <summary>
/// A stored study's trials as CSV (one row per evaluation: number, round, index, rung, state, one column per searched
/// hyperparameter, score, stop, the metric after each epoch, worker, attempts, start, end, seconds) or JSON (the
/// definition and every evaluation). Numbers round-trip; NaN and infinities are written as such.
/// </summary>
public static class StudyExport
{
    /// <summary>The CSV text.</summary>
    public static string Csv(StudySnapshot study)
    {
        var names = study.Definition.Ranges.Select(r => r.Name).ToList();
        var text = new StringBuilder("number,round,index,rung,state");
        foreach (string name in names) text.Append(',').Append(Quote(name));
        text.Append(",score,stop,epochs,worker,attempts,started,ended,seconds\n");
        foreach (var t in study.Evaluations)
        {
            text.Append(CultureInfo.InvariantCulture, $"{t.Request.Number},{t.Request.Round},{t.Request.Index},{t.Request.Rung},{Name(t.State)}");
            foreach (string name in names) text.Append(',').Append(Quote(t.Settings.FirstOrDefault(s => s.Name == name)?.Text ?? ""));
            bool ended = t.State is TrialState.Finished or TrialState.Pruned or TrialState.Failed;
            text.Append(',').Append(ended ? RoundTrip.Format(t.Score) : "").Append(',').Append(Quote(ended ? t.Outcome.Stop : ""));
            text.Append(',').Append(string.Join(' ', t.Reports.Select(RoundTrip.Format)));
            text.Append(',').Append(Quote(t.Worker ?? "")).Append(',').Append(t.Attempts.ToString(CultureInfo.InvariantCulture));
            text.Append(',').Append(Time(t.Started)).Append(',').Append(Time(t.Ended));
            text.Append(',').Append(ended ? RoundTrip.Format(t.Seconds) : "").Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The JSON document: <c>{"name","plan","done","rounds":[{"ranges":[…]}],"trials":[{…}],"losses":[{…}]}</c>.</summary>
    public static void Json(StudySnapshot study, Stream stream, bool indented = true)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented });
        w.WriteStartObject();
        w.WriteString("name", study.Definition.Name);
        w.WriteString("plan", study.Definition.Plan);
        w.WriteBoolean("done", study.Done);
        w.WriteStartArray("rounds");
        foreach (var ranges in study.RoundRanges)
        {
            w.WriteStartObject();
            w.WriteStartArray("ranges");
            foreach (var range in ranges) w.WriteStringValue(range.ToString());
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("trials");
        foreach (var t in study.Evaluations)
        {
            w.WriteStartObject();
            w.WriteNumber("number", t.Request.Number);
            w.WriteNumber("round", t.Request.Round);
            w.WriteNumber("index", t.Request.Index);
            w.WriteNumber("rung", t.Request.Rung);
            w.WriteString("state", Name(t.State));
            w.WriteStartObject("hyperparameters");
            foreach (var s in t.Settings)
            {
                if (s.Choice is null) w.WriteReal(s.Name, s.Value);
                else w.WriteString(s.Name, s.Choice);
            }
            w.WriteEndObject();
            if (t.State is TrialState.Finished or TrialState.Pruned or TrialState.Failed)
            {
                w.WriteReal("score", t.Score);
                w.WriteString("stop", t.Outcome.Stop);
                w.WriteReal("seconds", t.Seconds);
            }
            w.WriteReals("epochs", t.Reports);
            if (t.Worker is not null) w.WriteString("worker", t.Worker);
            w.WriteNumber("attempts", t.Attempts);
            if (t.Started is { } started) w.WriteString("started", Time(started));
            if (t.Ended is { } ended) w.WriteString("ended", Time(ended));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("losses");
        foreach (var loss in study.Losses)
        {
            w.WriteStartObject();
            w.WriteNumber("number", loss.Number);
            w.WriteNumber("rung", loss.Rung);
            w.WriteNumber("attempt", loss.Attempt);
            w.WriteString("worker", loss.Worker);
            w.WriteString("started", Time(loss.Started));
            w.WriteString("lost", Time(loss.Lost));
            w.WriteBoolean("requeued", loss.Requeued);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes the study to <paramref name="path"/>, whole or not at all: CSV for .csv, JSON for .json.</summary>
    public static void Write(StudySnapshot study, string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".csv") AtomicFile.WriteText(path, Csv(study));
        else if (extension == ".json") AtomicFile.Write(path, stream => Json(study, stream));
        else throw new InputException($"export file '{path}' must end in .csv or .json");
    }

    /// <summary>The state as stored and shown: queued, running, finished, pruned, failed.</summary>
    public static string Name(TrialState state) => state.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
