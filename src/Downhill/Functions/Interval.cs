namespace Downhill.Functions;

/// <summary>A closed range [Low, High] of one variable, e.g. a suggested plotting or sampling bound.</summary>
public readonly record struct Interval(double Low, double High)
{
    /// <summary>High − Low.</summary>
    public double Width => High - Low;

    /// <summary>Whether <paramref name="value"/> lies in [Low, High].</summary>
    public bool Contains(double value) => value >= Low && value <= High;
}
