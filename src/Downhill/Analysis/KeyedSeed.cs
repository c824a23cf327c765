namespace Downhill.Analysis;

/// <summary>
/// Derives the seed of one stream from a study's seed and a tuple of keys, e.g. (seed, round, trial) or (seed, start).
/// Every start, trial and grid point then draws from its own <see cref="Running.SeededRandom"/>, never from a shared
/// stream, so results do not depend on the order in which threads (or a resumed process) reach them.
/// </summary>
/// <remarks>Each key is folded in through SplitMix64's finalizer, so neighbouring keys give unrelated seeds and (1, 2) ≠ (2, 1).</remarks>
public static class KeyedSeed
{
    /// <summary>The seed of the stream keyed by <paramref name="keys"/> under the run's <paramref name="seed"/>.</summary>
    public static ulong Derive(long seed, params ReadOnlySpan<long> keys)
    {
        ulong state = (ulong)seed ^ 0x6A09E667F3BCC909UL;
        ulong derived = Running.SeededRandom.SplitMix64(ref state);
        foreach (long key in keys)
        {
            ulong mixed = derived ^ (ulong)key * 0xD1B54A32D192ED03UL;
            derived = Running.SeededRandom.SplitMix64(ref mixed);
        }
        return derived;
    }

    /// <summary>A generator for the stream (seed, keys…).</summary>
    public static Running.SeededRandom Random(long seed, params ReadOnlySpan<long> keys) => new(Derive(seed, keys));
}
