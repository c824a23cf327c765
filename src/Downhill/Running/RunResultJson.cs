using System.Text.Json;
using Downhill.IO;
using Downhill.Stopping;

namespace Downhill.Running;

/// <summary>
/// A run's result as JSON, in the command's documented shape:
/// <c>{"function","optimizer","hyperparameters":{…},"x","f","gradNorm","bestX","bestF","iterations",
/// "evaluations":{"f","gradient","hessian"},"stop","stopDetail","checks":[{"rule","measured","threshold","met"},…],"elapsedSeconds","diagnostics":[{"kind","iteration","evidence"},…],"trace":[{"iter","x","f","gradNorm"},…]}</c>;
/// with gradient clipping also <c>"clippedSteps"</c>; with bounds also <c>"bounds":{"lower","upper"}</c> and
/// <c>"activeBounds":[{"index","side","limit"},…]</c>, and "gradNorm" is the projected gradient's; with the state
/// traced (<see cref="RunOptions.TraceState"/>) each trace entry also has <c>"state":{"exp_avg":[…],…}</c>.
/// NaN and infinities are written as strings (see <see cref="JsonNumbers"/>).
/// </summary>
public static class RunResultJson
{
    /// <summary><c>"activeBounds":[{"index","side","limit"},…]</c>: the bounds a point rests on.</summary>
    public static void WriteActiveBounds(Utf8JsonWriter writer, IReadOnlyList<Constraints.ActiveBound> activeBounds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(activeBounds);
        writer.WriteStartArray("activeBounds");
        foreach (var active in activeBounds)
        {
            writer.WriteStartObject();
            writer.WriteNumber("index", active.Index);
            writer.WriteString("side", active.Side == Constraints.BoundSide.Lower ? "lower" : "upper");
            writer.WriteReal("limit", active.Limit);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="result"/> as the JSON object the commands print.</summary>
    public static void Write(Utf8JsonWriter writer, RunResult result)
    {
        writer.WriteStartObject();
        writer.WriteString("function", result.Function);
        writer.WriteString("optimizer", result.Method);
        writer.WriteStartObject("hyperparameters");
        foreach (var h in result.Hyperparameters)
        {
            switch (h.Value)
            {
                case double d: writer.WriteReal(h.Name, d); break;
                case int i: writer.WriteNumber(h.Name, i); break;
                case long l: writer.WriteNumber(h.Name, l); break;
                case bool b: writer.WriteBoolean(h.Name, b); break;
                default: writer.WriteString(h.Name, h.FormattedValue); break;
            }
        }
        writer.WriteEndObject();
        writer.WriteReals("x", result.X);
        writer.WriteReal("f", result.F);
        writer.WriteReal("gradNorm", result.GradientNorm);
        writer.WriteReals("bestX", result.BestX);
        writer.WriteReal("bestF", result.BestF);
        writer.WriteNumber("iterations", result.Iterations);
        writer.WriteStartObject("evaluations");
        writer.WriteNumber("f", result.Evaluations.Function);
        writer.WriteNumber("gradient", result.Evaluations.Gradient);
        writer.WriteNumber("hessian", result.Evaluations.Hessian);
        writer.WriteEndObject();
        WriteStop(writer, result.Stop, result.StopDetail, result.Checks);
        writer.WriteReal("elapsedSeconds", result.Elapsed.TotalSeconds);
        if (result.ClippedSteps is { } clipped) writer.WriteNumber("clippedSteps", clipped);
        if (result.Bounds is { } bounds)
        {
            writer.WriteStartObject("bounds");
            writer.WriteReals("lower", bounds.Lower.ToArray());
            writer.WriteReals("upper", bounds.Upper.ToArray());
            writer.WriteEndObject();
            WriteActiveBounds(writer, result.ActiveBounds);
        }
        writer.WriteStartArray("diagnostics");
        foreach (var d in result.Diagnostics)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", d.Kind);
            writer.WriteNumber("iteration", d.Iteration);
            writer.WriteString("evidence", d.Evidence);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteStartArray("trace");
        foreach (var entry in result.Trace) WriteEntry(writer, entry);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Why a run (or a training run) stopped: <c>"stop","stopDetail","checks":[{"rule","measured","threshold","met"},…]</c>,
    /// each stopping rule's measurement beside its threshold.
    /// </summary>
    public static void WriteStop(Utf8JsonWriter writer, StopReason stop, string detail, IReadOnlyList<StopCheck> checks)
    {
        writer.WriteString("stop", stop.ToName());
        writer.WriteString("stopDetail", detail);
        writer.WriteStartArray("checks");
        foreach (var check in checks)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", check.Rule);
            writer.WriteReal("measured", check.Measured);
            writer.WriteReal("threshold", check.Threshold);
            writer.WriteBoolean("met", check.Met);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// One trace entry: <c>{"iter","x","f","gradNorm"}</c>, and <c>"state":{name: value or […],…}</c> (each scalar a
    /// number, each buffer an array) where the entry holds the optimizer's state.
    /// </summary>
    public static void WriteEntry(Utf8JsonWriter writer, TraceEntry entry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteNumber("iter", entry.Iteration);
        writer.WriteReals("x", entry.X);
        writer.WriteReal("f", entry.F);
        writer.WriteReal("gradNorm", entry.GradientNorm);
        if (entry.State is { } state)
        {
            writer.WriteStartObject("state");
            foreach (var part in state)
            {
                if (part.IsScalar) writer.WriteReal(part.Name, part.Values[0]);
                else writer.WriteReals(part.Name, part.Values);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>The result as an indented JSON document.</summary>
    public static string ToJson(RunResult result) => Document(writer => Write(writer, result));

    /// <summary>Several results as a JSON array.</summary>
    public static string ToJson(IEnumerable<RunResult> results) => Document(writer =>
    {
        writer.WriteStartArray();
        foreach (var result in results) Write(writer, result);
        writer.WriteEndArray();
    });

    private static string Document(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            write(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
