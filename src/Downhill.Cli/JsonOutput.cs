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

    /// <summary>
    /// <c>"box":{"lower":[…],"upper":[…],"constrain":…}</c> and <c>"clipping":{"kind":"norm","maxNorm":…,"normType":…}</c>
    /// (or <c>{"kind":"value","clipValue":…}</c>) where the runs have them: what the table's box and clipping line says.
    /// "constrain" false: only lbfgsb keeps to the box.
    /// </summary>
    public static void BoxAndClipping(Utf8JsonWriter writer, RunSetup setup)
    {
        if (setup.Box is { } box)
        {
            writer.WriteStartObject("box");
            writer.WriteReals("lower", box.Lower.ToArray());
            writer.WriteReals("upper", box.Upper.ToArray());
            writer.WriteBoolean("constrain", setup.Constrain);
            writer.WriteEndObject();
        }
        Clipping(writer, setup.Clipping);
    }

    /// <summary><c>"clipping":{…}</c> (see <see cref="BoxAndClipping"/>) where there is clipping.</summary>
    public static void Clipping(Utf8JsonWriter writer, Optimizers.GradientClipping? clipping)
    {
        if (clipping is null) return;
        writer.WriteStartObject("clipping");
        switch (clipping)
        {
            case Optimizers.NormClipping norm:
                writer.WriteString("kind", "norm");
                Number(writer, "maxNorm", norm.MaxNorm);
                Number(writer, "normType", norm.NormType);
                break;
            case Optimizers.ValueClipping value:
                writer.WriteString("kind", "value");
                Number(writer, "clipValue", value.ClipValue);
                break;
        }
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
