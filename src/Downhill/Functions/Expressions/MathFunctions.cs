using System.Runtime.CompilerServices;

namespace Downhill.Functions.Expressions;

/// <summary>
/// The run-time definitions of the language's functions, shared by the compiled code and the interpreter so both
/// give identical numbers. Conventions where a derivative does not exist (all are documented on
/// <see cref="Expression"/>): sign(0) = 0, step(0) = 0, and NaN in gives NaN out.
/// </summary>
public static class MathFunctions
{
    /// <summary>1/(1+e⁻ˣ), written so neither branch overflows: for x &lt; 0 it is eˣ/(1+eˣ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x)
    {
        if (x >= 0) return 1 / (1 + Math.Exp(-x));
        double e = Math.Exp(x);
        return e / (1 + e);
    }

    /// <summary>ln(1+eˣ) = max(x,0) + ln(1+e^(−|x|)): no overflow for large x, full relative accuracy for very negative x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Softplus(double x) => Math.Max(x, 0) + Log1P(Math.Exp(-Math.Abs(x)));

    /// <summary>ln(1+t) accurate for tiny t (Goldberg's trick: the rounding error of 1+t cancels).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Log1P(double t)
    {
        double u = 1 + t;
        return u == 1 ? t : Math.Log(u) * t / (u - 1);
    }

    /// <summary>max(x, 0); NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Relu(double x) => x < 0 ? 0 : x;

    /// <summary>Heaviside step: 1 for x &gt; 0, 0 for x ≤ 0 (so relu'(0) = 0), NaN for NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Step(double x) => x > 0 ? 1 : double.IsNaN(x) ? x : 0;

    /// <summary>−1, 0 or 1 (sign(±0) = 0, so abs'(0) = 0); NaN for NaN (unlike Math.Sign, which throws).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sign(double x) => x > 0 ? 1 : x < 0 ? -1 : x;

    /// <summary>aᵇ; small whole exponents by repeated multiplication, as the compiled code does.</summary>
    public static double Power(double a, double b) => b switch
    {
        2 => a * a,
        3 => a * a * a,
        4 => (a * a) * (a * a),
        -1 => 1 / a,
        -2 => 1 / (a * a),
        _ => Math.Pow(a, b),
    };
}
