using System.Globalization;
using Downhill.Specs;
using Downhill.IO;

namespace Downhill.Analysis.Sweeps;

/// <summary>One swept hyperparameter and the values it takes.</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<double> Values)
{
    /// <summary>The most values one axis may take.</summary>
    public const int MaxValues = 10_000;

    /// <summary>Parses <c>key=values</c> (an axis of any hyperparameter), e.g. <c>lr=1e-4..1:log:9</c> or <c>momentum=0,0.5,0.9</c>.</summary>
    public static SweepAxis ParseAssignment(string text)
    {
        int eq = text.IndexOf('=');
        if (eq <= 0) throw new InputException("expected key=values, e.g. lr=1e-4..1:log:9 or momentum=0,0.5,0.9", text, Math.Max(eq, 0));
        string key = text[..eq].Trim();
        return new SweepAxis(key, ParseValues(text, eq + 1, key));
    }

    /// <summary>Parses the values of one key (the learning-rate axis), e.g. <c>1e-6..10</c> or <c>1e-4..1:9</c>.</summary>
    public static SweepAxis Parse(string key, string values) => new(key, ParseValues(values, 0, key));

    /// <summary>
    /// The value forms: <c>a,b,c</c> (a list); <c>lo..hi</c> (each power of ten times lo up to hi: 1e-6..10 is
    /// 1e-6, 1e-5, …, 10); <c>lo..hi:N</c> or <c>lo..hi:log:N</c> (N log-spaced values, ends included);
    /// <c>lo..hi:lin:N</c> (N evenly spaced values).
    /// </summary>
    private static double[] ParseValues(string text, int from, string key)
    {
        string body = text[from..];
        int dots = body.IndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            var list = new List<double>();
            int position = from;
            foreach (string part in body.Split(','))
            {
                list.Add(Number(part, text, position, key));
                position += part.Length + 1;
            }
            return list.ToArray();
        }
        string[] tail = body[(dots + 2)..].Split(':');
        double low = Number(body[..dots], text, from, key);
        int highAt = from + dots + 2;
        double high = Number(tail[0], text, highAt, key);
        int modeAt = highAt + tail[0].Length + 1;
        if (!(low < high)) throw new InputException($"{key}: the low end {RoundTrip.Format(low)} must be below the high end {RoundTrip.Format(high)}", text, from);
        return tail.Length switch
        {
            1 => PowersOfTen(low, high, text, from, key),
            2 => Spaced(low, high, Count(tail[1], text, modeAt, key), log: true, text, from, key),
            3 when tail[1] is "log" or "lin" => Spaced(low, high, Count(tail[2], text, modeAt + tail[1].Length + 1, key), tail[1] == "log", text, from, key),
            3 => throw new InputException($"{key}: unknown spacing '{tail[1]}' (expected log or lin)", text, modeAt),
            _ => throw new InputException($"{key}: expected lo..hi, lo..hi:N or lo..hi:log|lin:N", text, modeAt),
        };
    }

    private static double[] PowersOfTen(double low, double high, string text, int at, string key)
    {
        if (!(low > 0)) throw new InputException($"{key}: powers of ten need a positive low end, not {RoundTrip.Format(low)}", text, at);
        var values = new List<double>();
        for (int k = 0; ; k++)
        {
            double v = Decimal(low * Math.Pow(10, k));
            if (v > high * (1 + 1e-12)) break;
            values.Add(v);
            if (values.Count > MaxValues) throw new InputException($"{key}: more than {MaxValues} values", text, at);
        }
        return values.ToArray();
    }

    private static double[] Spaced(double low, double high, int count, bool log, string text, int at, string key)
    {
        if (log && !(low > 0))
            throw new InputException($"{key}: log spacing needs a positive low end, not {RoundTrip.Format(low)} (use lo..hi:lin:N)", text, at);
        if (count == 1) return [low];
        return Enumerable.Range(0, count).Select(i =>
            i == 0 ? low
            : i == count - 1 ? high
            : Decimal(log ? Math.Exp(Math.Log(low) + (Math.Log(high) - Math.Log(low)) * i / (count - 1))
                          : low + (high - low) * i / (count - 1))).ToArray();
    }

    /// <summary>The value rounded to 15 significant digits, so 1e-6·10³ and e^{ln 1e-4 + ln 10} print as 0.001, not 0.0010000000000000002.</summary>
    private static double Decimal(double v) =>
        double.Parse(v.ToString("G15", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int Count(string s, string text, int at, string key) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= 1 && n <= MaxValues
            ? n
            : throw new InputException($"{key}: the count must be a whole number from 1 to {MaxValues}, not '{s}'", text, at);

    private static double Number(string s, string text, int at, string key)
    {
        try
        {
            double v = Spec.ParseDouble(s, key);
            return double.IsFinite(v) ? v : throw new InputException($"{key} must be finite, not '{s}'");
        }
        catch (InputException e)
        {
            throw new InputException(e.Message, text, at);
        }
    }
}
