namespace Downhill.Plotting;

/// <summary>Maps data values on an axis to pixels between two screen positions (linear or log).</summary>
internal readonly record struct PixelScale(Axis Axis, double From, double To)
{
    private double T(double v) => Axis.Scale == AxisScale.Log ? Math.Log10(v) : v;

    /// <summary>Whether the value can be placed on this axis (finite; positive on a log axis).</summary>
    public bool Accepts(double v) => double.IsFinite(v) && (Axis.Scale == AxisScale.Linear || v > 0);

    /// <summary>The pixel position of <paramref name="v"/>, clamped far outside the view so paths stay sane.</summary>
    public double Map(double v)
    {
        double lo = T(Axis.Min), hi = T(Axis.Max);
        double p = From + (T(v) - lo) / (hi - lo) * (To - From);
        return Math.Clamp(p, -1e5, 1e5);
    }

    /// <summary>Whether <paramref name="v"/> lies within the axis range.</summary>
    public bool Contains(double v) => Accepts(v) && v >= Axis.Min && v <= Axis.Max;
}
