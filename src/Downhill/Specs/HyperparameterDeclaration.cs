using System.Globalization;
using System.Text.Json.Serialization;

namespace Downhill.Specs;

/// <summary>What values a hyperparameter takes.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HyperparameterKind>))]
public enum HyperparameterKind
{
    /// <summary>A finite real number (a <see cref="double"/>).</summary>
    [JsonStringEnumMemberName("real")] Real,

    /// <summary>A whole number (an <see cref="int"/>).</summary>
    [JsonStringEnumMemberName("int")] Integer,

    /// <summary>True or false (a <see cref="bool"/>).</summary>
    [JsonStringEnumMemberName("bool")] Boolean,

    /// <summary>One of a few names (a <see cref="string"/>), listed in <see cref="HyperparameterDeclaration.Choices"/>.</summary>
    [JsonStringEnumMemberName("choice")] Choice,
}

/// <summary>How a number is best explored: a learning rate by powers of ten, a decay rate evenly.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HyperparameterScale>))]
public enum HyperparameterScale
{
    /// <summary>Even steps (decay rates, momentum).</summary>
    [JsonStringEnumMemberName("linear")] Linear,

    /// <summary>Steps by factors (learning rates, ε): a log-scaled slider or search range.</summary>
    [JsonStringEnumMemberName("log")] Log,
}

/// <summary>
/// One hyperparameter of a method, declared once: its name (torch.optim's), kind, default, valid range, scale and
/// meaning. A method's constructor checks its values here, the spec parser reads keys through it, and help text,
/// the README's optimizer table, sweeps, tuning and sliders all read it; it serializes to JSON as it stands
/// (<c>System.Text.Json</c>: name, kind, default, min, max, …).
/// </summary>
/// <remarks>
/// A real is always finite; <see cref="Min"/> and <see cref="Max"/> bound it (null: unbounded on that side), each end
/// included unless <see cref="MinExclusive"/> or <see cref="MaxExclusive"/>. An integer is bounded the same way.
/// <see cref="TypicalMin"/> and <see cref="TypicalMax"/> are the span worth exploring, e.g. a slider's ends, where the
/// valid range is unbounded or includes a value a log scale cannot show.
/// </remarks>
public sealed record HyperparameterDeclaration
{
    /// <summary>The key, as a spec writes it: <c>lr</c>, <c>beta1</c>, <c>weight_decay</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>What values it takes.</summary>
    [JsonPropertyName("kind")]
    public required HyperparameterKind Kind { get; init; }

    /// <summary>The default: a <see cref="double"/>, <see cref="int"/>, <see cref="bool"/> or <see cref="string"/> by <see cref="Kind"/>.</summary>
    [JsonPropertyName("default")]
    public required object Default { get; init; }

    /// <summary>The smallest valid value of a number; null when unbounded below.</summary>
    [JsonPropertyName("min")]
    public double? Min { get; init; }

    /// <summary>Whether <see cref="Min"/> itself is invalid (the range is open there).</summary>
    [JsonPropertyName("minExclusive")]
    public bool MinExclusive { get; init; }

    /// <summary>The largest valid value of a number; null when unbounded above.</summary>
    [JsonPropertyName("max")]
    public double? Max { get; init; }

    /// <summary>Whether <see cref="Max"/> itself is invalid (the range is open there).</summary>
    [JsonPropertyName("maxExclusive")]
    public bool MaxExclusive { get; init; }

    /// <summary>The low end of the span worth exploring (a slider's left end); null for flags and choices.</summary>
    [JsonPropertyName("typicalMin")]
    public double? TypicalMin { get; init; }

    /// <summary>The high end of the span worth exploring (a slider's right end); null for flags and choices.</summary>
    [JsonPropertyName("typicalMax")]
    public double? TypicalMax { get; init; }

    /// <summary>How a number is best explored.</summary>
    [JsonPropertyName("scale")]
    public HyperparameterScale Scale { get; init; }

    /// <summary>The valid names of a choice, in the order help lists them; empty for other kinds.</summary>
    [JsonPropertyName("choices")]
    public IReadOnlyList<string> Choices { get; init; } = [];

    /// <summary>What it does, in one line.</summary>
    [JsonPropertyName("meaning")]
    public required string Meaning { get; init; }

    /// <summary>A real number in [<paramref name="min"/>, <paramref name="max"/>] (null: unbounded), finite.</summary>
    public static HyperparameterDeclaration Real(string name, double @default, string meaning, double? min = 0, double? max = null,
        bool minExclusive = false, bool maxExclusive = false, HyperparameterScale scale = HyperparameterScale.Linear,
        double? typicalMin = null, double? typicalMax = null) =>
        new()
        {
            Name = name, Kind = HyperparameterKind.Real, Default = @default, Meaning = meaning,
            Min = min, Max = max, MinExclusive = minExclusive, MaxExclusive = maxExclusive, Scale = scale,
            TypicalMin = typicalMin ?? min, TypicalMax = typicalMax ?? max,
        };

    /// <summary>A whole number of at least <paramref name="min"/>.</summary>
    public static HyperparameterDeclaration Integer(string name, int @default, string meaning, int min, int typicalMax) =>
        new()
        {
            Name = name, Kind = HyperparameterKind.Integer, Default = @default, Meaning = meaning,
            Min = min, TypicalMin = min, TypicalMax = typicalMax,
        };

    /// <summary>A true/false switch.</summary>
    public static HyperparameterDeclaration Flag(string name, bool @default, string meaning) =>
        new() { Name = name, Kind = HyperparameterKind.Boolean, Default = @default, Meaning = meaning };

    /// <summary>One of <paramref name="choices"/>.</summary>
    public static HyperparameterDeclaration Choice(string name, string @default, IReadOnlyList<string> choices, string meaning) =>
        new() { Name = name, Kind = HyperparameterKind.Choice, Default = @default, Choices = choices, Meaning = meaning };

    /// <summary>The valid values in words, as messages and help print them: "a finite number ≥ 0", "in [0, 1)", "one of a, b".</summary>
    [JsonIgnore]
    public string RangeText => Kind switch
    {
        HyperparameterKind.Boolean => "true or false",
        HyperparameterKind.Choice => $"one of {string.Join(", ", Choices)}",
        HyperparameterKind.Integer when Max is null => $"at least {Number(Min ?? int.MinValue)}",
        _ when Min is { } low && Max is { } high =>
            $"in {(MinExclusive ? '(' : '[')}{Number(low)}, {Number(high)}{(MaxExclusive ? ')' : ']')}",
        _ when Min is { } low => $"a finite number {(MinExclusive ? ">" : "≥")} {Number(low)}",
        _ when Max is { } high => $"a finite number {(MaxExclusive ? "<" : "≤")} {Number(high)}",
        _ => "a finite number",
    };

    /// <summary>
    /// <paramref name="value"/> as this hyperparameter's kind, checked against its range: a number, a bool, or text
    /// as a spec writes it (<c>"0.01"</c>, <c>"true"</c>, <c>"armijo"</c>). A whole double is an integer; 0 and 1 are
    /// false and true.
    /// </summary>
    /// <param name="owner">The method's name, for the message: <c>adam:beta1 must be in [0, 1), not 1</c>.</param>
    /// <param name="value">The value to check.</param>
    /// <exception cref="InputException">The value is of another kind or out of range (the message names the valid range).</exception>
    public object Check(string owner, object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string what = $"{owner}:{Name}";
        return Kind switch
        {
            HyperparameterKind.Real => CheckReal(what, value switch
            {
                double d => d,
                float s => s,
                int i => i,
                long l => l,
                string text => Spec.ParseDouble(text, what),
                _ => throw new InputException($"{what} must be a number, not '{Text(value)}'"),
            }),
            HyperparameterKind.Integer => CheckInteger(what, value),
            HyperparameterKind.Boolean => value switch
            {
                bool b => b,
                double or int or long when Convert.ToDouble(value, CultureInfo.InvariantCulture) is 0 or 1 =>
                    Convert.ToDouble(value, CultureInfo.InvariantCulture) == 1,
                string text => text.Trim().ToLowerInvariant() switch
                {
                    "true" or "1" or "yes" => true,
                    "false" or "0" or "no" => false,
                    _ => throw new InputException($"{what} must be true or false, not '{text}'"),
                },
                _ => throw new InputException($"{what} must be true or false, not '{Text(value)}'"),
            },
            _ => value is string choice && Choices.Contains(choice.Trim())
                ? choice.Trim()
                : throw new InputException($"{what} must be {RangeText}, not '{Text(value)}'"),
        };
    }

    /// <summary>A real value checked against the range (what a constructor calls with its argument).</summary>
    internal double Check(string owner, double value) => (double)Check(owner, (object)value);

    private double CheckReal(string what, double value) =>
        double.IsFinite(value) && InRange(value) ? value : throw new InputException($"{what} must be {RangeText}, not {Hyperparameter.Format(value)}");

    private int CheckInteger(string what, object value)
    {
        long whole = value switch
        {
            int i => i,
            long l => l,
            double d when d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue => (long)d,
            string text when long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long parsed) => parsed,
            _ => throw new InputException($"{what} must be a whole number, not '{Text(value)}'"),
        };
        return whole is >= int.MinValue and <= int.MaxValue && InRange(whole)
            ? (int)whole
            : throw new InputException($"{what} must be {RangeText}, not {whole.ToString(CultureInfo.InvariantCulture)}");
    }

    private bool InRange(double value) =>
        (Min is not { } low || (MinExclusive ? value > low : value >= low))
        && (Max is not { } high || (MaxExclusive ? value < high : value <= high));

    private static string Number(double value) => Hyperparameter.Format(value);

    private static string Text(object value) => value is double d ? Hyperparameter.Format(d) : new Hyperparameter("", value).FormattedValue;
}
