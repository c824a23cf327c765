namespace Downhill.Curvature;

/// <summary>
/// The arithmetic a network's curvature is computed in: float32, as it trains (fast), or float64, to check it
/// (roundings near 1e-16 instead of 1e-7, and some five times slower). Sums over rows are kept in double either way.
/// </summary>
public enum Precision
{
    /// <summary>float32 products, as training runs them.</summary>
    Float32,
    /// <summary>float64 throughout.</summary>
    Float64,
}
