namespace Downhill.Plotting;

/// <summary>A tick: its value, its label ("" for an unlabelled minor tick), and whether it is major.</summary>
public readonly record struct Tick(double Value, string Label, bool Major = true);

/// <summary>
/// Tick values people read at a glance: multiples of 1, 2 or 5 times a power of ten on linear axes, decades
/// (with 2–9 as minor ticks) on log axes.
/// </summary>
public static class NiceTicks
{
    /// <summary>The 1-2-5 step nearest to <paramref name="span"/> / <paramref name="count"/>, rounded up.</summary>
    public static double Step(double span, int count)
    {
        double raw = span / Math.Max(1, count);
        if (!(raw > 0) || !double.IsFinite(raw)) return 1;
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 + 1e-9 ? 1 : fraction <= 2 + 1e-9 ? 2 : fraction <= 5 + 1e-9 ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>
    /// About <paramref name="count"/> (at most a few more) evenly stepped values inside [min, max], each a whole
    /// multiple of a 1-2-5 step, labelled with as many decimals as the step needs.
    /// </summary>
    public static IReadOnlyList<Tick> Linear(double min, double max, int count)
    {
        if (!(max > min)) return [new Tick(min, TickFormat.Number(min, 1))];
        double step = Step(max - min, count);
        long first = (long)Math.Ceiling(min / step - 1e-9), last = (long)Math.Floor(max / step + 1e-9);
        var ticks = new List<Tick>();
        for (long k = first; k <= last; k++)
        {
            double value = TickFormat.Clean(k * step, step);
            ticks.Add(new Tick(value, TickFormat.Number(value, step)));
        }
        return ticks;
    }

    /// <summary>
    /// Ticks for a log axis over [min, max] (both positive): labelled decades, every second or third decade when
    /// there are more than <paramref name="count"/>, and unlabelled minor ticks 2–9 where decades are few; over
    /// less than a decade, labelled 1-2-5 values or, failing those, linear ticks.
    /// </summary>
    public static IReadOnlyList<Tick> Log(double min, double max, int count)
    {
        if (!(min > 0) || !(max > min)) return Linear(min, max, count);
        int lo = (int)Math.Ceiling(Math.Log10(min) - 1e-9), hi = (int)Math.Floor(Math.Log10(max) + 1e-9);
        int decades = hi - lo + 1;
        var ticks = new List<Tick>();
        if (decades >= 2)
        {
            int every = Math.Max(1, (int)Math.Ceiling(decades / (double)Math.Max(1, count)));
            bool minors = decades <= 8 && every == 1;
            for (int d = lo - 1; d <= hi; d++)
            {
                double decade = Math.Pow(10, d);
                if (d >= lo && (d - lo) % every == 0) ticks.Add(new Tick(decade, TickFormat.PowerOfTen(d)));
                for (int m = 2; minors && m <= 9; m++)
                {
                    double v = m * decade;
                    if (v >= min && v <= max) ticks.Add(new Tick(v, "", Major: false));
                }
            }
            return ticks;
        }
        // Less than two whole decades: 1, 2 and 5 times powers of ten, when at least two fall inside.
        foreach (int d in Enumerable.Range(lo - 1, hi - lo + 2))
            foreach (int m in new[] { 1, 2, 5 })
            {
                double v = m * Math.Pow(10, d);
                if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) ticks.Add(new Tick(v, TickFormat.Number(v, Math.Pow(10, d))));
            }
        return ticks.Count >= 2 ? ticks : Linear(min, max, count);
    }
}
