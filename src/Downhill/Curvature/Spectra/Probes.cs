using Downhill.Running;

namespace Downhill.Curvature.Spectra;

/// <summary>
/// Random vectors for the spectra, each from its own stream keyed by (seed, purpose, index), so probe i is the same
/// whichever order or thread draws it and however many are drawn.
/// </summary>
internal static class Probes
{
    /// <summary>Entries ±1 with equal odds (Rademacher): Hutchinson's estimator has the least variance with them.</summary>
    public static void Rademacher(Span<double> vector, ulong seed, int index)
    {
        var random = Stream(seed, 0x7ACE, index);
        for (int i = 0; i < vector.Length; i++) vector[i] = (random.NextUInt64() >> 63) == 0 ? 1 : -1;
    }

    /// <summary>Standard normal entries (a start vector with no preferred direction).</summary>
    public static void Gaussian(Span<double> vector, ulong seed, int index)
    {
        var random = Stream(seed, 0x6A55, index);
        for (int i = 0; i < vector.Length; i++) vector[i] = random.NextGaussian();
    }

    private static SeededRandom Stream(ulong seed, ulong purpose, int index)
    {
        ulong key = seed;
        ulong mixed = SeededRandom.SplitMix64(ref key) ^ (purpose << 32) ^ (ulong)(uint)index;
        return new SeededRandom(SeededRandom.SplitMix64(ref mixed));
    }
}
