namespace Downhill.Numerics;

/// <summary>
/// Dot products, norms and distances of double vectors, summed one term at a time in index order, each product and sum
/// rounded (no fused multiply-add): the same bits on every machine and for every length. The line searches and the
/// second-order methods use these where their iterates are compared with SciPy's and torch's; System.Numerics.Tensors'
/// vectorized forms add in another order, and so round differently.
/// </summary>
internal static class Vectors
{
    /// <summary>Σ aᵢbᵢ.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>‖v‖₂ = √(Σ vᵢ²).</summary>
    public static double Norm(ReadOnlySpan<double> v)
    {
        double sum = 0;
        foreach (double vi in v) sum += vi * vi;
        return Math.Sqrt(sum);
    }

    /// <summary>‖a − b‖₂ = √(Σ (aᵢ − bᵢ)²).</summary>
    public static double Distance(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Count; i++) sum += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(sum);
    }
}
