namespace Downhill.Plotting;

/// <summary>
/// The values at which contours are drawn, increasing. The bands are (−∞, L₀), [L₀, L₁), …, [Lₘ, ∞):
/// band k lies below level k.
/// </summary>
/// <param name="Values">The levels, strictly increasing.</param>
/// <param name="Logarithmic">Whether the levels are spaced geometrically above a base (f spans decades).</param>
public sealed record ContourLevels(IReadOnlyList<double> Values, bool Logarithmic)
{
    /// <summary>Number of bands: one more than the levels.</summary>
    public int BandCount => Values.Count + 1;

    /// <summary>The band a value falls in (0 … <see cref="BandCount"/> − 1).</summary>
    public int BandOf(double value)
    {
        int lo = 0, hi = Values.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (value >= Values[mid]) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The colour of band <paramref name="band"/>: viridis from the lowest (dark) to the highest (yellow).</summary>
    public Rgb BandColor(int band) => Palette.Viridis(BandCount == 1 ? 0.5 : band / (double)(BandCount - 1));

    /// <summary>
    /// Levels that show the shape of <paramref name="grid"/>: about <paramref name="count"/> nice linear levels; or,
    /// when most of the grid lies far below its top (the median is in the lowest fifth of the range, as in rosenbrock's
    /// valley or himmelblau's four basins),
    /// levels at 1, 2 and 5 times powers of ten above a round base, so the valley floor gets contours too.
    /// </summary>
    public static ContourLevels Choose(ScalarGrid grid, int count = 12)
    {
        double[] values = grid.FiniteValues().ToArray();
        if (values.Length == 0) return new ContourLevels([0], false);
        Array.Sort(values);
        double min = values[0], max = values[^1];
        if (!(max > min)) return new ContourLevels([min], false);
        double median = values[values.Length / 2];
        double span = max - min;
        if (median - min < span / 5)
        {
            // Geometric offsets from just above the floor to the top.
            double low = Math.Max(values[Math.Min(values.Length - 1, values.Length / 200)] - min, span * 1e-6);
            int decadeLow = (int)Math.Floor(Math.Log10(low)), decadeHigh = (int)Math.Ceiling(Math.Log10(span));
            double unit = Math.Pow(10, decadeLow);
            double floorBase = Math.Floor(min / unit) * unit;
            int decades = decadeHigh - decadeLow;
            int[] multiples = decades <= 4 ? [1, 2, 5] : decades <= 7 ? [1, 3] : [1];
            var levels = new List<double>();
            for (int d = decadeLow; d <= decadeHigh; d++)
                foreach (int m in multiples)
                {
                    double level = TickFormat.Clean(floorBase + m * Math.Pow(10, d), unit);
                    if (level > min && level < max && (levels.Count == 0 || level > levels[^1])) levels.Add(level);
                }
            if (levels.Count >= 3) return new ContourLevels(levels, true);
        }
        var ticks = NiceTicks.Linear(min, max, count).Select(t => t.Value).Where(v => v > min && v < max).ToList();
        return new ContourLevels(ticks.Count > 0 ? ticks : [(min + max) / 2], false);
    }
}
