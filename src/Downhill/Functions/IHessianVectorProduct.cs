namespace Downhill.Functions;

/// <summary>
/// An objective that multiplies its Hessian by a vector without forming it: the any-N catalog functions, whose
/// Hessians are tridiagonal (rosenbrock), diagonal (rastrigin, styblinski-tang) or diagonal plus rank two (ackley), so
/// curvature at n = 100,000 costs O(n) per product.
/// </summary>
public interface IHessianVectorProduct
{
    /// <summary>Writes ∇²f(<paramref name="x"/>)·<paramref name="v"/> into <paramref name="result"/> (all of length n).</summary>
    void HessianVector(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> result);
}
