using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Downhill.Curvature.Networks;

/// <summary>
/// Buffers that start on a 64-byte boundary in pinned arrays (as <see cref="Learning.Tensors.Tensor"/> does for
/// float), so the vector kernels' loads never straddle two cache lines, for either precision.
/// </summary>
internal static class AlignedMemory
{
    private const int AlignmentBytes = 64;

    /// <summary><paramref name="length"/> zeros of <typeparamref name="T"/>, starting on a 64-byte boundary.</summary>
    public static unsafe Memory<T> Allocate<T>(int length) where T : unmanaged
    {
        int slack = AlignmentBytes / sizeof(T);
        var storage = GC.AllocateArray<T>(length + slack, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
        int offset = (int)((-address & (AlignmentBytes - 1)) / sizeof(T));
        return storage.AsMemory(offset, length);
    }
}
