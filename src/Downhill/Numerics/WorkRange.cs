namespace Downhill.Numerics;

/// <summary>How a range of <c>length</c> elements is shared among parts: contiguous, in order, starting on aligned elements.</summary>
public static class WorkRange
{
    /// <summary>
    /// Part <paramref name="part"/> of <paramref name="parts"/> of [0, <paramref name="length"/>): the parts cover it in
    /// order, each starting at a multiple of <paramref name="alignment"/> (e.g. 16 floats, one 64-byte line), as near
    /// equal as that allows; a part may be empty.
    /// </summary>
    public static (int Start, int End) Of(int part, int parts, int length, int alignment = 1)
    {
        long units = (length + (long)alignment - 1) / alignment;
        int start = (int)Math.Min(length, units * part / parts * alignment);
        int end = (int)Math.Min(length, units * (part + 1) / parts * alignment);
        return (start, end);
    }
}
