using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Downhill.Numerics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>
/// The state of an elementwise optimizer over one block of parameters: checks the spans, counts the step, and runs
/// the update vectorized, split across threads in contiguous ranges when the block is large.
/// </summary>
/// <remarks>
/// Each element's update is independent of every other's and the vector body rounds exactly like the scalar tail,
/// so the result is the same bits whatever the number of threads. The body runs the widest accelerated registers
/// (512, 256 or 128 bits), else numbers one at a time: all give the same bits.
/// A state is not thread-safe: one step at a time.
/// </remarks>
internal abstract class ElementwiseState<T, TUpdate> : ParameterState<T>, IParallelWork
    where T : unmanaged, IFloatingPointIeee754<T>
    where TUpdate : struct, IElementwiseUpdate<T>
{
    /// <summary>Below this many parameters one thread updates them all: splitting costs more than it saves.</summary>
    internal const int ParallelThreshold = 1 << 15;

    /// <summary>Ranges start at multiples of this many elements (a 64-byte line of float).</summary>
    private const int Alignment = 16;

    private TUpdate _update;
    private nint _parameters;
    private nint _gradient;

    protected ElementwiseState(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"first-order optimizers update float or double parameters, not {typeof(T).Name}");
        Length = length;
    }

    /// <summary>Number of parameters in the block.</summary>
    public int Length { get; }

    /// <summary>The update for the step about to be taken; <see cref="ParameterState{T}.Steps"/> already counts it.</summary>
    protected abstract TUpdate Prepare(double learningRate);

    /// <summary>A large block is split over .NET's thread pool (<see cref="WorkerPool.OnThreadPool"/>).</summary>
    public sealed override void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate) =>
        SplitStep(parameters, gradient, learningRate, Shared);

    internal sealed override void SplitStep(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, WorkerPool pool)
    {
        var update = Begin(parameters, gradient, learningRate);
        if (Length < ParallelThreshold || pool.Threads == 1)
            Run(ref update, ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradient), 0, Length);
        else
            RunPinned(parameters, gradient, update, pool);
    }

    /// <summary>Every core of .NET's thread pool, for steps outside a trainer (which has its own threads).</summary>
    private static readonly WorkerPool Shared = WorkerPool.OnThreadPool();

    /// <summary>Checks the spans, counts the step and prepares its update.</summary>
    private TUpdate Begin(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        if (parameters.Length != Length || gradient.Length != Length)
            throw new ArgumentException(
                $"this state holds {Length} parameters, but was given {parameters.Length} parameters and {gradient.Length} gradient entries");
        Steps++;
        return Prepare(learningRate);
    }

    /// <summary>Runs the update over contiguous ranges, one per thread of <paramref name="pool"/>.</summary>
    private unsafe void RunPinned(Span<T> parameters, ReadOnlySpan<T> gradient, TUpdate update, WorkerPool pool)
    {
        fixed (T* p = parameters)
        fixed (T* g = gradient)
        {
            _update = update;
            _parameters = (nint)p;
            _gradient = (nint)g;
            try
            {
                pool.Run(this);
            }
            finally
            {
                _update = default;
                _parameters = _gradient = 0;
            }
        }
    }

    /// <summary>Updates this part's range (the ranges of all parts cover the block).</summary>
    public unsafe void Execute(int part, int parts)
    {
        var (start, end) = WorkRange.Of(part, parts, Length, Alignment);
        if (start >= end) return;
        var update = _update;
        Run(ref update, ref Unsafe.AsRef<T>((void*)_parameters), ref Unsafe.AsRef<T>((void*)_gradient), start, end);
    }

    // Fully optimized from the first call (a step over a large block must not run tier-0 or on-stack-replaced code),
    // with the update inlined: each Apply is marked AggressiveInlining, since full opts without PGO would call it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ref TUpdate update, ref T parameters, ref T gradient, int start, int end)
    {
        int i = start;
        // The widest registers first, then narrower ones for what is left (a 2-D problem is one 128-bit register):
        // every width rounds each element alike, so where the boundaries fall changes no bit.
        if (Vector512.IsHardwareAccelerated)
            for (int width = Vector512<T>.Count; i <= end - width; i += width)
                update.Apply<Lane512<T>>(ref parameters, ref gradient, (nuint)i);
        if (Vector256.IsHardwareAccelerated)
            for (int width = Vector256<T>.Count; i <= end - width; i += width)
                update.Apply<Lane256<T>>(ref parameters, ref gradient, (nuint)i);
        if (Vector128.IsHardwareAccelerated)
            for (int width = Vector128<T>.Count; i <= end - width; i += width)
                update.Apply<Lane128<T>>(ref parameters, ref gradient, (nuint)i);
        for (; i < end; i++)
            update.Apply<ScalarLane<T>>(ref parameters, ref gradient, (nuint)i);
    }
}
