namespace Downhill.Functions;

/// <summary>
/// The most variables a method that holds a dense n×n matrix accepts: Newton's Hessian, BFGS's inverse Hessian, the
/// critical-point finder's Hessian. At 1,000 a matrix is 8 MB and a factorization about a third of a GFLOP; at 10,000
/// it would be 800 MB and minutes per step.
/// </summary>
public static class DenseLimit
{
    /// <summary>The largest dimension for dense n×n work.</summary>
    public const int MaxDimension = 1_000;

    /// <summary>Throws <see cref="InputException"/> when <paramref name="dimension"/> is past <see cref="MaxDimension"/>.</summary>
    public static void Check(int dimension, string who, string instead)
    {
        if (dimension > MaxDimension)
            throw new InputException($"{who} holds a dense n×n matrix, so it takes at most {MaxDimension:N0} variables, not {dimension:N0} ({instead})");
    }
}
