using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Downhill.Optimizers.Elementwise;

/// <summary>
/// The state of an elementwise optimizer over one block of parameters: checks the spans, counts the step, and runs
/// the update vectorized, split across cores in fixed blocks when the block is large.
/// </summary>
/// <remarks>
/// Each element's update is independent of every other's and the vector body rounds exactly like the scalar tail,
/// so the result is the same bits whatever the number of threads. The body runs 512-bit registers where the processor
/// has AVX-512, else <see cref="Vector{T}"/>, else numbers one at a time: all give the same bits.
/// A state is not thread-safe: one step at a time.
/// </remarks>
internal abstract class ElementwiseState<T, TUpdate> : ParameterState<T>, IRangeStep
    where T : unmanaged, IFloatingPointIeee754<T>
    where TUpdate : struct, IElementwiseUpdate<T>
{
    /// <summary>Elements per parallel work item (256 KiB of float): large enough that scheduling costs nothing.</summary>
    internal const int BlockLength = 1 << 16;

    private readonly Action<int> _runBlock;
    private TUpdate _update;
    private nint _parameters;
    private nint _gradient;

    protected ElementwiseState(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new NotSupportedException($"first-order optimizers update float or double parameters, not {typeof(T).Name}");
        Length = length;
        _runBlock = RunBlock;
    }

    /// <summary>Number of parameters in the block.</summary>
    public int Length { get; }

    /// <summary>The update for the step about to be taken; <see cref="ParameterState{T}.Steps"/> already counts it.</summary>
    protected abstract TUpdate Prepare(double learningRate);

    public sealed override void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        var update = Begin(parameters, gradient, learningRate);
        if (Length <= BlockLength || Environment.ProcessorCount == 1)
            Run(ref update, ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradient), 0, Length);
        else
            RunPinned(parameters, gradient, update, splitter: null);
    }

    internal sealed override void SplitStep(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate,
        IRangeSplitter splitter) =>
        RunPinned(parameters, gradient, Begin(parameters, gradient, learningRate), splitter);

    /// <summary>Checks the spans, counts the step and prepares its update.</summary>
    private TUpdate Begin(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        if (parameters.Length != Length || gradient.Length != Length)
            throw new ArgumentException(
                $"this state holds {Length} parameters, but was given {parameters.Length} parameters and {gradient.Length} gradient entries");
        Steps++;
        return Prepare(learningRate);
    }

    /// <summary>Runs the update over ranges on several threads: the splitter's, or the thread pool's in fixed blocks.</summary>
    private unsafe void RunPinned(Span<T> parameters, ReadOnlySpan<T> gradient, TUpdate update, IRangeSplitter? splitter)
    {
        fixed (T* p = parameters)
        fixed (T* g = gradient)
        {
            _update = update;
            _parameters = (nint)p;
            _gradient = (nint)g;
            try
            {
                if (splitter is null) Parallel.For(0, (Length + BlockLength - 1) / BlockLength, _runBlock);
                else splitter.Split(this, Length);
            }
            finally
            {
                _update = default;
                _parameters = _gradient = 0;
            }
        }
    }

    private void RunBlock(int block)
    {
        int start = block * BlockLength;
        StepRange(start, Math.Min(start + BlockLength, Length));
    }

    public unsafe void StepRange(int start, int end)
    {
        var update = _update;
        Run(ref update, ref Unsafe.AsRef<T>((void*)_parameters), ref Unsafe.AsRef<T>((void*)_gradient), start, end);
    }

    // Fully optimized from the first call (a step over a large block must not run tier-0 or on-stack-replaced code),
    // with the update inlined: each Apply is marked AggressiveInlining, since full opts without PGO would call it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run(ref TUpdate update, ref T parameters, ref T gradient, int start, int end)
    {
        int i = start;
        if (Vector512.IsHardwareAccelerated)
            for (int width = Vector512<T>.Count; i <= end - width; i += width)
                update.Apply<Vector512Lane<T>>(ref parameters, ref gradient, (nuint)i);
        else if (Vector.IsHardwareAccelerated)
            for (int width = Vector<T>.Count; i <= end - width; i += width)
                update.Apply<VectorLane<T>>(ref parameters, ref gradient, (nuint)i);
        for (; i < end; i++)
            update.Apply<ScalarLane<T>>(ref parameters, ref gradient, (nuint)i);
    }
}
