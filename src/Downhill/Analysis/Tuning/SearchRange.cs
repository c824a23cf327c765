using System.Globalization;
using Downhill.Specs;
using Downhill.IO;

namespace Downhill.Analysis.Tuning;

/// <summary>How a range is sampled: evenly in the value, or evenly in its logarithm (for scale parameters such as lr).</summary>
public enum RangeScale { Linear, Log }

/// <summary>The range [Low, High] searched for one hyperparameter.</summary>
public sealed record SearchRange
{
    public SearchRange(string name, double low, double high, RangeScale scale)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InputException("a search range needs a hyperparameter name");
        if (!(double.IsFinite(low) && double.IsFinite(high) && low <= high))
            throw new InputException($"range {name}: low {RoundTrip.Format(low)} must be finite and not above high {RoundTrip.Format(high)}");
        if (scale == RangeScale.Log && !(low > 0))
            throw new InputException($"range {name}: a log range needs a positive low end, not {RoundTrip.Format(low)}");
        Name = name;
        Low = low;
        High = high;
        Scale = scale;
    }

    public string Name { get; }
    public double Low { get; }
    public double High { get; }
    public RangeScale Scale { get; }

    /// <summary>Parses <c>name=low..high</c> or <c>name=low..high:log</c> (e.g. <c>lr=1e-5..1:log</c>).</summary>
    public static SearchRange Parse(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new InputException("expected name=low..high[:log]", text, Math.Max(eq, 0));
        string name = text[..eq].Trim();
        string rest = text[(eq + 1)..];
        var scale = RangeScale.Linear;
        int colon = rest.IndexOf(':');
        if (colon >= 0)
        {
            string mode = rest[(colon + 1)..].Trim();
            scale = mode switch
            {
                "log" => RangeScale.Log,
                "lin" or "linear" => RangeScale.Linear,
                _ => throw new InputException($"unknown scale '{mode}' (expected log or linear)", text, eq + 1 + colon + 1),
            };
            rest = rest[..colon];
        }
        int dots = rest.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0) throw new InputException("expected low..high", text, eq + 1);
        double low = ParseEnd(rest[..dots], text, eq + 1, name);
        double high = ParseEnd(rest[(dots + 2)..], text, eq + 1 + dots + 2, name);
        try
        {
            return new SearchRange(name, low, high, scale);
        }
        catch (InputException e)
        {
            throw new InputException(e.Message, text, eq + 1);
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

    /// <summary>The value at quantile <paramref name="u"/> ∈ [0, 1) of the range (log-uniform on a log range).</summary>
    public double At(double u) => Scale == RangeScale.Log
        ? Math.Exp(Math.Log(Low) + u * (Math.Log(High) - Math.Log(Low)))
        : Low + u * (High - Low);

    /// <summary>
    /// The range narrowed around <paramref name="kept"/> (the best trials' values): their hull, padded on each side by
    /// a twentieth of this range's width and never narrower than a tenth of it (measured in log space on a log
    /// range), clipped to this range. A tenth keeps a round from collapsing onto one lucky draw.
    /// </summary>
    public SearchRange NarrowTo(IEnumerable<double> kept)
    {
        var values = kept.Select(ToSpace).ToList();
        if (values.Count == 0) return this;
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

    public override string ToString() =>
        $"{Name}={RoundTrip.Format(Low)}..{RoundTrip.Format(High)}{(Scale == RangeScale.Log ? ":log" : "")}";
}
