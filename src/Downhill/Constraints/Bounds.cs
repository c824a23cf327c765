using System.Numerics;

namespace Downhill.Constraints;

/// <summary>
/// Bound constraints lᵢ ≤ xᵢ ≤ uᵢ, one pair per variable: the feasible set is the box [l₁, u₁] × … × [lₙ, uₙ]. Either
/// side may be infinite (a variable bounded on one side, or free), but each lower bound lies strictly below its upper
/// bound. An immutable value.
/// </summary>
/// <remarks>
/// The projection P(x) clips each coordinate to its interval; the projected gradient x − P(x − ∇f) is zero exactly
/// where x satisfies the first-order (KKT) conditions of the bounded problem: ∂f/∂xᵢ = 0 inside, ∂f/∂xᵢ ≥ 0 at a lower
/// bound, ∂f/∂xᵢ ≤ 0 at an upper bound. Its max norm is SciPy's <c>pgtol</c> measure.
/// </remarks>
public sealed class Bounds : IEquatable<Bounds>
{
    private readonly double[] _lower, _upper;

    /// <summary>Bounds from per-variable lower and upper limits (±∞ for a side without a bound).</summary>
    /// <exception cref="InputException">The lists differ in length or are empty, a limit is NaN, or a lower limit is not below its upper one.</exception>
    public Bounds(IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count != upper.Count || lower.Count == 0)
            throw new InputException($"bounds need one lower and one upper limit per variable (got {lower.Count} lower and {upper.Count} upper)");
        for (int i = 0; i < lower.Count; i++)
        {
            double low = lower[i], high = upper[i];
            if (double.IsNaN(low) || double.IsNaN(high))
                throw new InputException($"bounds: variable {i + 1} has a limit that is not a number");
            if (!(low < high) || double.IsPositiveInfinity(low) || double.IsNegativeInfinity(high))
                throw new InputException($"bounds: variable {i + 1} has lower limit {Format(low)} not below upper limit {Format(high)}");
        }
        this._lower = lower.ToArray();
        this._upper = upper.ToArray();
        IsBounded = this._lower.Any(double.IsFinite) || this._upper.Any(double.IsFinite);
    }

    /// <summary>No bound on any of <paramref name="dimension"/> variables: the whole space.</summary>
    public static Bounds Unbounded(int dimension) =>
        new(Enumerable.Repeat(double.NegativeInfinity, dimension).ToArray(), Enumerable.Repeat(double.PositiveInfinity, dimension).ToArray());

    /// <summary>The number of variables.</summary>
    public int Dimension => _lower.Length;

    /// <summary>The lower limits lᵢ (−∞ where a variable has none).</summary>
    public ReadOnlySpan<double> Lower => _lower;

    /// <summary>The upper limits uᵢ (+∞ where a variable has none).</summary>
    public ReadOnlySpan<double> Upper => _upper;

    /// <summary>Whether any variable has a finite limit (false: the problem is unconstrained).</summary>
    public bool IsBounded { get; }

    /// <summary>Whether <paramref name="x"/> satisfies every bound.</summary>
    public bool Contains(ReadOnlySpan<double> x)
    {
        CheckDimension(x.Length, nameof(x));
        for (int i = 0; i < x.Length; i++)
            if (!(x[i] >= _lower[i] && x[i] <= _upper[i])) return false;
        return true;
    }

    /// <summary>Clips <paramref name="x"/> into the box in place, P(x); returns how many coordinates moved.</summary>
    /// <remarks>Vectorized (it runs after every projected step): a NaN coordinate stays NaN and is not counted.</remarks>
    public int Project(Span<double> x)
    {
        CheckDimension(x.Length, nameof(x));
        long moved = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<double> lower = _lower, upper = _upper;
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var xi = new Vector<double>(x[i..]);
                Vector<double> low = new(lower[i..]), high = new(upper[i..]);
                // Comparisons with NaN are false, so a NaN coordinate is neither replaced nor counted.
                Vector<long> below = Vector.LessThan(xi, low), above = Vector.GreaterThan(xi, high);
                var outside = below | above;
                if (outside == Vector<long>.Zero) continue;
                moved -= Vector.Sum(outside);
                Vector.ConditionalSelect(below, low, Vector.ConditionalSelect(above, high, xi)).CopyTo(x[i..]);
            }
        }
        for (; i < x.Length; i++)
        {
            double clipped = Math.Min(Math.Max(x[i], _lower[i]), _upper[i]);
            if (clipped != x[i] && !double.IsNaN(x[i]))
            {
                x[i] = clipped;
                moved++;
            }
        }
        return (int)moved;
    }

    /// <summary>
    /// ‖x − P(x − ∇f)‖∞ for a feasible <paramref name="x"/>: the largest step the projected steepest-descent path can
    /// take in any coordinate, zero at a KKT point. NaN where the gradient holds a NaN.
    /// </summary>
    public double ProjectedGradientMaxNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient)
    {
        CheckDimension(x.Length, nameof(x));
        CheckDimension(gradient.Length, nameof(gradient));
        double largest = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(gradient[i])) return double.NaN;
            largest = Math.Max(largest, Math.Abs(ProjectedComponent(gradient[i], x[i], _lower[i], _upper[i])));
        }
        return largest;
    }

    /// <summary>
    /// One coordinate of the projected gradient, xᵢ − P(xᵢ − gᵢ) for xᵢ in [<paramref name="low"/>, <paramref name="high"/>]:
    /// downhill (gᵢ &lt; 0) the step is cut at the upper bound, uphill at the lower.
    /// </summary>
    public static double ProjectedComponent(double gi, double xi, double low, double high) =>
        gi < 0 ? Math.Max(xi - high, gi) : Math.Min(xi - low, gi);

    /// <summary>The bounds <paramref name="x"/> lies on, in variable order.</summary>
    public IReadOnlyList<ActiveBound> ActiveAt(ReadOnlySpan<double> x)
    {
        CheckDimension(x.Length, nameof(x));
        var active = new List<ActiveBound>();
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] <= _lower[i]) active.Add(new ActiveBound(i, BoundSide.Lower, _lower[i]));
            else if (x[i] >= _upper[i]) active.Add(new ActiveBound(i, BoundSide.Upper, _upper[i]));
        }
        return active;
    }

    /// <summary>Same limits on every variable.</summary>
    public bool Equals(Bounds? other) =>
        other is not null && _lower.AsSpan().SequenceEqual(other._lower) && _upper.AsSpan().SequenceEqual(other._upper);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Bounds);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Dimension, _lower[0], _upper[0]);

    /// <summary>The box as [l₁, u₁] × … × [lₙ, uₙ].</summary>
    public override string ToString() => string.Join(" × ", _lower.Select((low, i) => $"[{Format(low)}, {Format(_upper[i])}]"));

    /// <summary>A limit as the command line writes it: <c>inf</c>, <c>-inf</c> or the shortest round-trip number.</summary>
    public static string Format(double limit) =>
        double.IsPositiveInfinity(limit) ? "inf" : double.IsNegativeInfinity(limit) ? "-inf" : IO.RoundTrip.Format(limit);

    private void CheckDimension(int length, string parameter)
    {
        if (length != Dimension)
            throw new ArgumentException($"expected {Dimension} values, got {length}", parameter);
    }
}

/// <summary>Which side of its interval a variable rests on.</summary>
public enum BoundSide
{
    /// <summary>xᵢ = lᵢ.</summary>
    Lower,
    /// <summary>xᵢ = uᵢ.</summary>
    Upper,
}

/// <summary>A bound a point rests on: variable <see cref="Index"/> (from 0) at its <see cref="Side"/> limit <see cref="Limit"/>.</summary>
public sealed record ActiveBound(int Index, BoundSide Side, double Limit);
