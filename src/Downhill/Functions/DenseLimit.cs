namespace Downhill.Functions;

/// <summary>
/// The most variables a method that holds a dense n×n matrix accepts: Newton's Hessian, BFGS's inverse Hessian, the
/// critical-point finder's Hessian. At 1,000 a matrix is 8 MB and a factorization about a third of a GFLOP; at 10,000
/// it would be 800 MB and minutes per step.
/// </summary>
public static class DenseLimit
{
    /// <summary>The largest dimension for dense n×n work done once a step (Newton, BFGS).</summary>
    public const int MaxDimension = 1_000;

    /// <summary>
    /// The largest dimension for the critical-point search, which factors a Hessian at every step of every start and
    /// then takes the eigenvalues at every root: 2 starts took 5 minutes at 1,000 variables, 3 s at 200.
    /// </summary>
    public const int CriticalSearchMaxDimension = 200;

    /// <summary>Throws <see cref="InputException"/> when <paramref name="dimension"/> is past <paramref name="limit"/>.</summary>
    public static void Check(int dimension, string who, string instead, int limit = MaxDimension)
    {
        if (dimension > limit)
            throw new InputException($"{who} holds a dense n×n matrix, so it takes at most {limit:N0} variables, not {dimension:N0} ({instead})");
    }
}
