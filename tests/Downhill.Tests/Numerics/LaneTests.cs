using System.Numerics;
using Downhill.Numerics;
using Downhill.Optimizers.Elementwise;

namespace Downhill.Tests.Numerics;

/// <summary>
/// Every lane width computes every operation to the same bits as one number at a time, so an optimizer's result
/// does not depend on the register width, the block edges or the thread count.
/// </summary>
public class LaneTests
{
    [Fact]
    public void VectorLanesRoundLikeScalarsInFloat() => AllOperationsAgree<float>();

    [Fact]
    public void VectorLanesRoundLikeScalarsInDouble() => AllOperationsAgree<double>();

    private static void AllOperationsAgree<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Ordinary values plus the cases where hardware max/min, sqrt and fma disagree with naive code.
        var specials = new[] { 0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, -2.5, 3 };
        var state = 12345u;
        double Next()
        {
            state = state * 1664525 + 1013904223;
            return ((state >> 8) / (double)(1 << 24) - 0.5) * Math.Pow(10, (int)(state % 7) - 3);
        }
        const int n = 256;
        var a = new T[n];
        var b = new T[n];
        var c = new T[n];
        for (int i = 0; i < n; i++)
        {
            a[i] = T.CreateTruncating(i < specials.Length ? specials[i] : Next());
            b[i] = T.CreateTruncating(i % 3 == 0 && i / 3 < specials.Length ? specials[i / 3] : Next());
            c[i] = T.CreateTruncating(Next());
        }
        var expected = Apply<T, ScalarLane<T>>(a, b, c);
        Assert.Equal(expected, Apply<T, Lane128<T>>(a, b, c));
        Assert.Equal(expected, Apply<T, Lane256<T>>(a, b, c));
        Assert.Equal(expected, Apply<T, Lane512<T>>(a, b, c));
    }

    /// <summary>Each operation over the arrays, as bit patterns (so −0 and +0 differ, and NaN equals NaN).</summary>
    private static long[][] Apply<T, TLane>(T[] a, T[] b, T[] c)
        where T : unmanaged, IFloatingPointIeee754<T> where TLane : struct, ILane<TLane, T>
    {
        Func<TLane, TLane, TLane, TLane>[] operations =
        [
            (x, y, _) => x + y, (x, y, _) => x - y, (x, y, _) => x * y, (x, y, _) => x / y, (x, _, _) => -x,
            TLane.MultiplyAdd, (x, _, _) => TLane.Sqrt(x), (x, _, _) => TLane.Abs(x), (x, y, _) => TLane.Max(x, y), (x, _, _) => TLane.Sign(x),
            (x, y, z) => TorchOps.MovingAverageOfSquares(x, y, T.CreateTruncating(0.999), T.CreateTruncating(0.001)),
            (x, y, z) => TorchOps.AddDivided(x, y, z, T.CreateTruncating(-0.1)),
        ];
        return operations.Select(operation =>
        {
            var result = new T[a.Length];
            for (int i = 0; i < a.Length; i += TLane.Width)
                TLane.Store(operation(TLane.Load(ref a[i], 0), TLane.Load(ref b[i], 0), TLane.Load(ref c[i], 0)), ref result[i], 0);
            return result.Select(Bits).ToArray();
        }).ToArray();
    }

    // Every NaN reads the same: torch makes no promise about NaN payloads, only that NaN propagates.
    private static long Bits<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.IsNaN(value) ? long.MinValue : typeof(T) == typeof(float) ? BitConverter.SingleToInt32Bits((float)(object)value) : BitConverter.DoubleToInt64Bits((double)(object)value);
}

/// <summary>Lion's sign, the one lane operation with a convention to pin down (numpy's and torch's), and the horizontal sum.</summary>
public class LaneSignAndSumTests
{
    [Fact]
    public void SumAddsEveryElementOfEveryWidth()
    {
        double[] x = [.. Enumerable.Range(1, 16).Select(i => (double)i)];
        Assert.Equal(3.0, Lane128<double>.Sum(Lane128<double>.Load(ref x[0])));
        Assert.Equal(10.0, Lane256<double>.Sum(Lane256<double>.Load(ref x[0])));
        Assert.Equal(36.0, Lane512<double>.Sum(Lane512<double>.Load(ref x[0])));
        float[] y = [.. Enumerable.Range(1, 16).Select(i => (float)i)];
        Assert.Equal(136f, Lane512<float>.Sum(Lane512<float>.Load(ref y[0])));
        Assert.Equal(1f, ScalarLane<float>.Sum(ScalarLane<float>.Load(ref y[0])));
    }

    [Fact]
    public void SignIsOneMinusOnePositiveZeroAtEitherZeroAndNanAtNan()
    {
        double[] x = [2.5, -1e-300, 0.0, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity];
        var sign = x.Select(v => ScalarSign(v)).ToArray();
        Assert.Equal([1.0, -1.0, 0.0, 0.0, double.NaN, 1.0, -1.0], sign);
        Assert.False(double.IsNegative(sign[3]));
    }

    private static double ScalarSign(double v)
    {
        double result = 0;
        ScalarLane<double>.Store(ScalarLane<double>.Sign(ScalarLane<double>.Load(ref v, 0)), ref result, 0);
        return result;
    }
}
