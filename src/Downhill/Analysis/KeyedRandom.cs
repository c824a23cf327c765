namespace Downhill.Analysis;

/// <summary>
/// A small seeded generator (SplitMix64) whose stream is derived from a seed and a tuple of keys, e.g.
/// (seed, round, trial). Every draw of a study, restart or grid start comes from its own keyed stream, so results do
/// not depend on the order in which threads or resumed processes reach them.
/// </summary>
/// <remarks>
/// SplitMix64 (Steele, Lea and Flood 2014) passes BigCrush and mixes each key through its finalizer, so neighbouring
/// keys give unrelated streams. A mutable struct: copy it and you copy its position.
/// </remarks>
public struct KeyedRandom
{
    private ulong _state;

    /// <summary>The stream for <paramref name="seed"/> and the given keys (in order: (1, 2) ≠ (2, 1)).</summary>
    public KeyedRandom(long seed, params ReadOnlySpan<long> keys)
    {
        ulong state = Mix((ulong)seed ^ 0x6A09E667F3BCC909UL);
        foreach (long key in keys)
            state = Mix(state ^ Mix((ulong)key + 0x9E3779B97F4A7C15UL));
        _state = state;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, 1), with 53 random bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A standard normal draw (Box–Muller; one of the pair is discarded so each draw uses a fixed count of bits).</summary>
    public double NextGaussian()
    {
        double u = 1.0 - NextDouble(); // (0, 1]: the logarithm stays finite
        double v = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u)) * Math.Cos(2.0 * Math.PI * v);
    }

    /// <summary>Uniform whole number in [0, <paramref name="count"/>).</summary>
    public int NextInt(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return (int)((NextBits() >> 33) % (ulong)count);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
