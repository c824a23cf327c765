namespace Downhill.Running;

/// <summary>
/// A seeded pseudo-random source: xoshiro256** (Blackman and Vigna, 2018) seeded through SplitMix64, with uniform
/// doubles from the top 53 bits and standard normals by Marsaglia's polar method. Integer arithmetic only until the
/// final scaling, so a seed gives the same numbers on every platform and runtime.
/// </summary>
/// <remarks>A class with mutable state: one instance per consumer, never shared between threads.</remarks>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>A stream fixed by <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed)
    {
        // SplitMix64 spreads any seed (0 included) over the 256-bit state, which must not be all zero.
        ulong z = seed;
        _s0 = SplitMix64(ref z);
        _s1 = SplitMix64(ref z);
        _s2 = SplitMix64(ref z);
        _s3 = SplitMix64(ref z);
    }

    /// <summary>Starts from a raw state (for checking against the reference implementation's published outputs).</summary>
    internal SeededRandom(ulong state0, ulong state1, ulong state2, ulong state3) =>
        (_s0, _s1, _s2, _s3) = (state0, state1, state2, state3);

    internal static ulong SplitMix64(ref ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        ulong r = z;
        r = (r ^ (r >> 30)) * 0xBF58476D1CE4E5B9UL;
        r = (r ^ (r >> 27)) * 0x94D049BB133111EBUL;
        return r ^ (r >> 31);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits times 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high)
    {
        double u = NextDouble(), width = high - low;
        // Where the width overflows (-1e308:1e308) the weighted mean stays finite and inside the bounds.
        return double.IsFinite(width) ? low + width * u : low * (1 - u) + high * u;
    }

    /// <summary>A standard normal deviate (Marsaglia's polar method; the second of each pair is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double scale = Math.Sqrt(-2 * Math.Log(s) / s);
        _spareNormal = v * scale;
        _hasSpareNormal = true;
        return u * scale;
    }

    /// <summary>
    /// The whole state — the four words and the kept second normal, if any — so a checkpointed run (training
    /// resumed after an interruption) draws exactly what an uninterrupted one would.
    /// </summary>
    public RandomState State
    {
        get => new(_s0, _s1, _s2, _s3, _hasSpareNormal ? _spareNormal : null);
        set
        {
            if ((value.S0 | value.S1 | value.S2 | value.S3) == 0)
                throw new ArgumentException("a xoshiro256** state must not be all zero");
            (_s0, _s1, _s2, _s3) = (value.S0, value.S1, value.S2, value.S3);
            (_hasSpareNormal, _spareNormal) = (value.SpareNormal.HasValue, value.SpareNormal ?? 0);
        }
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without bias (Lemire's multiply-and-reject).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong b = (ulong)bound;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * b;
            ulong low = (ulong)product;
            if (low >= b || low >= (0UL - b) % b)
                return (int)(ulong)(product >> 64);
        }
    }

    /// <summary>Fisher–Yates shuffle in place (the order of minibatches, random splits).</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

/// <summary>The complete state of a <see cref="SeededRandom"/>.</summary>
public readonly record struct RandomState(ulong S0, ulong S1, ulong S2, ulong S3, double? SpareNormal);
