namespace Downhill.Curvature;

/// <summary>
/// A symmetric linear map v ↦ H·v on ℝⁿ, known only through products: a network's Hessian (never formed), a typed
/// function's Hessian, or a dense matrix. The spectra (Lanczos, power iteration, Hutchinson's trace, the density)
/// need nothing else.
/// </summary>
public interface ISymmetricOperator
{
    /// <summary>n, the length of the vectors it maps.</summary>
    int Dimension { get; }

    /// <summary>Writes H·<paramref name="vector"/> into <paramref name="result"/> (both of length <see cref="Dimension"/>).</summary>
    void Multiply(ReadOnlySpan<double> vector, Span<double> result);
}
