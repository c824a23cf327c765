using Downhill.IO;
using Downhill.Specs;

namespace Downhill.Analysis.Tuning;

/// <summary>How a range is sampled: evenly in the value, or evenly in its logarithm (for scale parameters such as lr).</summary>
public enum RangeScale
{
    /// <summary>Evenly in the value.</summary>
    Linear,
    /// <summary>Evenly in the logarithm (bounds must be positive).</summary>
    Log,
}

/// <summary>
/// What one hyperparameter is searched over: a real range [Low, High] (linear or log), a range of whole numbers, or a
/// list of choices (<see cref="Choices"/>, e.g. activations or whole model specs).
/// </summary>
public sealed record SearchRange
{
    /// <summary>A real (or, with <paramref name="integer"/>, whole-number) range.</summary>
    public SearchRange(string name, double low, double high, RangeScale scale, bool integer = false)
    {
        CheckName(name);
        if (!(double.IsFinite(low) && double.IsFinite(high) && low <= high))
            throw new InputException($"range {name}: low {RoundTrip.Format(low)} must be finite and not above high {RoundTrip.Format(high)}");
        if (scale == RangeScale.Log && !(low > 0))
            throw new InputException($"range {name}: a log range needs a positive low end, not {RoundTrip.Format(low)}");
        if (integer && (low != Math.Floor(low) || high != Math.Floor(high)))
            throw new InputException($"range {name}: a whole-number range needs whole ends, not {RoundTrip.Format(low)}..{RoundTrip.Format(high)}");
        Name = name;
        Low = low;
        High = high;
        Scale = scale;
        IsInteger = integer;
        Choices = [];
    }

    private SearchRange(string name, IReadOnlyList<string> choices)
    {
        CheckName(name);
        if (choices.Count == 0 || choices.Any(string.IsNullOrWhiteSpace))
            throw new InputException($"range {name}: every choice needs a value");
        var twice = choices.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InputException($"range {name}: choice '{twice.Key}' is listed twice");
        Name = name;
        Choices = choices.ToArray();
        Low = 0;
        High = choices.Count - 1;
    }

    /// <summary>A list of choices, drawn with equal chances.</summary>
    public static SearchRange OneOf(string name, IReadOnlyList<string> choices) => new(name, choices);

    /// <summary>The hyperparameter searched.</summary>
    public string Name { get; }
    /// <summary>The low end (for choices: 0).</summary>
    public double Low { get; }
    /// <summary>The high end (for choices: the last choice's position).</summary>
    public double High { get; }
    /// <summary>How values are spread between the bounds.</summary>
    public RangeScale Scale { get; }
    /// <summary>Whole numbers only (drawn evenly over [Low − ½, High + ½], or its logarithm, then rounded).</summary>
    public bool IsInteger { get; }
    /// <summary>The choices, in the order given; empty for a numeric range.</summary>
    public IReadOnlyList<string> Choices { get; }
    /// <summary>Whether the range is a list of choices rather than an interval.</summary>
    public bool IsChoice => Choices.Count > 0;

    /// <summary>
    /// Parses <c>name=low..high[:log][:int]</c> (e.g. <c>lr=1e-5..1:log</c>, <c>batch=16..512:log:int</c>) or a list of
    /// choices, <c>name=a,b,c</c>, or <c>name=a|b|c</c> when the choices hold commas (<c>model=mlp:64|mlp:256,256</c>).
    /// </summary>
    public static SearchRange Parse(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new InputException("expected name=low..high[:log][:int] or name=a,b,c", text, Math.Max(eq, 0));
        string name = text[..eq].Trim();
        string rest = text[(eq + 1)..];
        int dots = rest.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0 || rest.Contains('|'))
        {
            if (!rest.Contains(',') && !rest.Contains('|')) throw new InputException("expected low..high, or choices a,b,c", text, eq + 1);
            var choices = rest.Split(rest.Contains('|') ? '|' : ',').Select(c => c.Trim()).ToArray();
            return Located(() => OneOf(name, choices), text, eq + 1);
        }
        var scale = RangeScale.Linear;
        bool integer = false;
        int colon = rest.IndexOf(':', dots);
        if (colon >= 0)
        {
            int at = eq + 1 + colon + 1;
            foreach (string part in rest[(colon + 1)..].Split(':'))
            {
                switch (part.Trim())
                {
                    case "log": scale = RangeScale.Log; break;
                    case "lin" or "linear": scale = RangeScale.Linear; break;
                    case "int": integer = true; break;
                    default: throw new InputException($"unknown scale '{part.Trim()}' (expected log, linear or int)", text, at);
                }
                at += part.Length + 1;
            }
            rest = rest[..colon];
        }
        double low = ParseEnd(rest[..dots], text, eq + 1, name);
        double high = ParseEnd(rest[(dots + 2)..], text, eq + 1 + dots + 2, name);
        return Located(() => new SearchRange(name, low, high, scale, integer), text, eq + 1);
    }

    private static SearchRange Located(Func<SearchRange> make, string text, int position)
    {
        try
        {
            return make();
        }
        catch (InputException e) when (e.Text is null)
        {
            throw new InputException(e.Message, text, position);
        }
    }

    private static double ParseEnd(string s, string text, int position, string name)
    {
        try
        {
            return Spec.ParseDouble(s, $"range {name}");
        }
        catch (InputException e)
        {
            throw new InputException(e.Message, text, position);
        }
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InputException("a search range needs a hyperparameter name");
    }

    /// <summary>The setting at quantile <paramref name="u"/> ∈ [0, 1) of the range (log-uniform on a log range).</summary>
    public Setting At(double u)
    {
        if (IsChoice) return Setting.Chosen(Name, Choices[Math.Min(Choices.Count - 1, (int)(u * Choices.Count))]);
        if (!IsInteger) return new Setting(Name, FromSpace(ToSpace(Low) + u * (ToSpace(High) - ToSpace(Low))));
        // Whole numbers: each of Low..High owns an equal stretch of [Low − ½, High + ½] (of its logarithm on a log range).
        double a = ToSpace(Math.Max(Low - 0.5, Low / 2)), b = ToSpace(High + 0.5);
        return new Setting(Name, Math.Clamp(Math.Round(FromSpace(a + u * (b - a))), Low, High));
    }

    /// <summary>
    /// The range narrowed around <paramref name="kept"/> (the best trials' values): their hull, padded on each side by
    /// a twentieth of this range's width and never narrower than a tenth of it (measured in log space on a log
    /// range), clipped to this range. A tenth keeps a round from collapsing onto one lucky draw. Whole-number ranges
    /// round outwards; a list of choices keeps the choices the best trials made.
    /// </summary>
    public SearchRange NarrowTo(IEnumerable<Setting> kept)
    {
        var values = kept.ToList();
        if (values.Count == 0) return this;
        if (IsChoice) return OneOf(Name, Choices.Where(c => values.Any(v => v.Choice == c)).DefaultIfEmpty(Choices[0]).ToArray());
        var narrowed = NarrowTo(values.Select(v => v.Value));
        return IsInteger
            ? new SearchRange(Name, Math.Max(Low, Math.Floor(narrowed.Low)), Math.Min(High, Math.Ceiling(narrowed.High)), Scale, integer: true)
            : narrowed;
    }

    /// <summary>The numeric range narrowed around <paramref name="kept"/> values (see <see cref="NarrowTo(IEnumerable{Setting})"/>).</summary>
    public SearchRange NarrowTo(IEnumerable<double> kept)
    {
        var values = kept.Select(ToSpace).ToList();
        if (values.Count == 0 || IsChoice) return this;
        double low = ToSpace(Low), high = ToSpace(High), width = high - low;
        double a = values.Min() - width / 20, b = values.Max() + width / 20;
        double minimum = width / 10;
        if (b - a < minimum)
        {
            double middle = 0.5 * (a + b);
            a = middle - minimum / 2;
            b = middle + minimum / 2;
        }
        if (a < low) (a, b) = (low, Math.Min(high, b + (low - a)));
        if (b > high) (a, b) = (Math.Max(low, a - (b - high)), high);
        return new SearchRange(Name, FromSpace(a), FromSpace(b), Scale);
    }

    private double ToSpace(double v) => Scale == RangeScale.Log ? Math.Log(v) : v;
    private double FromSpace(double v) => Scale == RangeScale.Log ? Math.Exp(v) : v;

    /// <summary>The range as <see cref="Parse"/> reads it back.</summary>
    public override string ToString() => IsChoice
        ? $"{Name}={string.Join(Choices.Any(c => c.Contains(',')) ? "|" : ",", Choices)}"
        : $"{Name}={RoundTrip.Format(Low)}..{RoundTrip.Format(High)}{(Scale == RangeScale.Log ? ":log" : "")}{(IsInteger ? ":int" : "")}";

    /// <summary>Ranges are equal when they read the same (their choices compared item by item).</summary>
    public bool Equals(SearchRange? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
