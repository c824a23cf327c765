namespace Downhill.Optimizers;

/// <summary>
/// The bias correction <c>1 − βᵗ</c> of a moment started at zero, computed as torch computes it
/// (<c>1 - beta ** step</c>, the C library's pow), without calling pow once the answer can only be 1.
/// </summary>
/// <remarks>
/// When βᵗ ≤ 2⁻⁵⁴, half the spacing of doubles just below 1, the difference rounds to exactly 1, and βᵗ only shrinks
/// with t; from then on the result is 1 without the pow (after about 350 steps for β = 0.9, 36,000 for 0.999),
/// bit for bit what torch gets.
/// </remarks>
internal struct BiasCorrection(double beta)
{
    /// <summary>2⁻⁵⁴: 1 − x rounds to exactly 1 for every x ≤ this (the tie at 2⁻⁵⁴ goes to even, 1).</summary>
    private const double Negligible = 1.0 / (1L << 54);

    private bool _isOne;

    /// <summary>Whether the correction has rounded to exactly 1, as it stays for every later step.</summary>
    public readonly bool IsOne => _isOne;

    /// <summary><c>1 − β^step</c>; steps must not go backwards.</summary>
    public double At(long step)
    {
        if (_isOne)
            return 1;
        double power = Math.Pow(beta, step);
        _isOne = power <= Negligible;
        return 1 - power;
    }
}
