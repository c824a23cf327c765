using Downhill.Numerics;

namespace Downhill.Analysis;

/// <summary>An axis-aligned box [low₁, high₁] × … × [lowₙ, highₙ]: where a landscape is searched.</summary>
public sealed record Box
{
    /// <summary>A box from per-variable bounds; each low must be below its high and both finite.</summary>
    public Box(IReadOnlyList<double> low, IReadOnlyList<double> high)
    {
        if (low.Count != high.Count || low.Count == 0)
            throw new InputException($"a box needs one low and one high per variable (got {low.Count} lows and {high.Count} highs)");
        for (int i = 0; i < low.Count; i++)
            if (!(double.IsFinite(low[i]) && double.IsFinite(high[i]) && low[i] < high[i]))
                throw new InputException($"box side {i + 1} [{Constraints.Bounds.Format(low[i])}, {Constraints.Bounds.Format(high[i])}] must be finite with low below high");
        Low = low.ToArray();
        High = high.ToArray();
    }

    /// <summary>The same interval [<paramref name="low"/>, <paramref name="high"/>] on every one of <paramref name="dimension"/> axes.</summary>
    public static Box Cube(int dimension, double low, double high) =>
        new(Enumerable.Repeat(low, dimension).ToArray(), Enumerable.Repeat(high, dimension).ToArray());

    /// <summary>The lower corner: low₁ … lowₙ.</summary>
    public IReadOnlyList<double> Low { get; }
    /// <summary>The upper corner: high₁ … highₙ.</summary>
    public IReadOnlyList<double> High { get; }
    /// <summary>n, the number of variables.</summary>
    public int Dimension => Low.Count;

    /// <summary>The length of the main diagonal: the natural length scale of the box.</summary>
    public double Diagonal => Vectors.Distance(High, Low);

    /// <summary>True when <paramref name="x"/> lies in the box, each side widened by <paramref name="slack"/> times its width.</summary>
    public bool Contains(ReadOnlySpan<double> x, double slack = 0)
    {
        for (int i = 0; i < Dimension; i++)
        {
            double margin = slack * (High[i] - Low[i]);
            if (!(x[i] >= Low[i] - margin && x[i] <= High[i] + margin)) return false;
        }
        return true;
    }

    /// <summary>Writes a point drawn uniformly from the box into <paramref name="x"/>.</summary>
    public void Sample(Running.SeededRandom random, Span<double> x)
    {
        for (int i = 0; i < Dimension; i++) x[i] = random.NextUniform(Low[i], High[i]);
    }

    /// <summary>Equal when both corners are equal coordinate by coordinate.</summary>
    public bool Equals(Box? other) =>
        other is not null && Low.SequenceEqual(other.Low) && High.SequenceEqual(other.High);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Dimension, Low[0], High[0]);
}
