using Downhill.Functions;

namespace Downhill.Curvature;

/// <summary>
/// The Hessian of a typed function at a point, as an operator: matrix-free where the function multiplies by its
/// Hessian itself (<see cref="IHessianVectorProduct"/>: the any-N catalog functions, so n = 100,000 costs O(n) per
/// product), else the compiled exact Hessian, evaluated once and held dense.
/// </summary>
public static class FunctionHessian
{
    /// <summary>The largest n whose Hessian is held dense (its n² doubles: 128 MiB).</summary>
    public const int DenseLimit = 4096;

    /// <summary>∇²f(<paramref name="x"/>) as an operator.</summary>
    /// <exception cref="ArgumentException">x has the wrong length, or f has no matrix-free product and n is past <see cref="DenseLimit"/>.</exception>
    public static ISymmetricOperator At(IObjective objective, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(objective);
        int n = objective.Dimension;
        if (x.Length != n) throw new ArgumentException($"the point has {x.Length} coordinates; the function takes {n}", nameof(x));
        if (objective is IHessianVectorProduct product) return new MatrixFree(objective, product, x.ToArray());
        if (n > DenseLimit)
            throw new ArgumentException($"a function of {n} variables without a matrix-free Hessian product cannot be held dense (at most {DenseLimit})", nameof(objective));
        var hessian = new double[n * n];
        objective.ValueGradientHessian(x, new double[n], hessian);
        return new DenseSymmetricOperator(hessian, n);
    }

    private sealed class MatrixFree(IObjective objective, IHessianVectorProduct product, double[] point) : ISymmetricOperator
    {
        public int Dimension => objective.Dimension;

        public void Multiply(ReadOnlySpan<double> vector, Span<double> result) => product.HessianVector(point, vector, result);
    }
}
