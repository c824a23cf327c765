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

    // The update once it no longer changes from step to step at _steadyRate (UpdateIsSteady), from step _steadyFrom on.
    private TUpdate _steady;
    private double _steadyRate = double.NaN;
    private long _steadyFrom = long.MaxValue;
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

    /// <summary>
    /// Whether the update just prepared is the one every later step at the same learning rate would prepare (Adam's
    /// once both bias corrections have rounded to 1), so that a fixed-rate step keeps it rather than preparing it again.
    /// </summary>
    protected virtual bool UpdateIsSteady => false;

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

    /// <summary>
    /// This state's own step, which a caller compiled for it calls without a virtual call, and which keeps the update
    /// once it is steady rather than preparing it every step.
    /// </summary>
    internal sealed override TResult WithFixedRateStep<TConsumer, TResult>(TConsumer consumer, double learningRate) =>
        consumer.Consume(new FixedRateStep(this, learningRate));

    private readonly struct FixedRateStep(ElementwiseState<T, TUpdate> state, double learningRate) : IFixedRateStep<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step(Span<T> parameters, ReadOnlySpan<T> gradient)
        {
            if (state.Length >= ParallelThreshold)
            {
                StepLarge(parameters, gradient);
                return;
            }
            if (state.BeginSteady(parameters, gradient, learningRate))
            {
                Run(ref state._steady, ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradient), 0, state.Length);
                return;
            }
            var update = state.Begin(parameters, gradient, learningRate);
            if (state._steadyFrom == long.MaxValue && state.UpdateIsSteady)
                (state._steady, state._steadyRate, state._steadyFrom) = (update, learningRate, state.Steps);
            Run(ref update, ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradient), 0, state.Length);
        }

        // Not inlined: the threads' work would take the inlining budget of the loop this step is inlined into.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private void StepLarge(Span<T> parameters, ReadOnlySpan<T> gradient) => state.Step(parameters, gradient, learningRate);
    }

    /// <summary>Every core of .NET's thread pool, for steps outside a trainer (which has its own threads).</summary>
    private static readonly WorkerPool Shared = WorkerPool.OnThreadPool();

    /// <summary>
    /// Where the steady update applies to the next step at <paramref name="learningRate"/>, checks the spans, counts the
    /// step and says so; else leaves the step to <see cref="Begin"/>. A state restored to an earlier step prepares
    /// its updates again until it passes the step the steady one was kept at.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool BeginSteady(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        if (learningRate != _steadyRate || Steps < _steadyFrom) return false;
        CountStep(parameters, gradient);
        return true;
    }

    /// <summary>Checks the spans, counts the step and prepares its update.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TUpdate Begin(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate)
    {
        CountStep(parameters, gradient);
        return Prepare(learningRate);
    }

    /// <summary>Checks that the spans hold this state's parameters and counts the step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CountStep(Span<T> parameters, ReadOnlySpan<T> gradient)
    {
        if (parameters.Length != Length || gradient.Length != Length)
            ThrowLengths(parameters.Length, gradient.Length);
        Steps++;
    }

    private void ThrowLengths(int parameters, int gradient) => throw new ArgumentException(
        $"this state holds {Length} parameters, but was given {parameters} parameters and {gradient} gradient entries");

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

    /// <summary>
    /// Updates elements [<paramref name="start"/>, <paramref name="end"/>): the widest accelerated registers first,
    /// then narrower ones for what is left (a 2-D problem is one 128-bit register). Every width rounds each element
    /// alike, so where the boundaries fall changes no bit.
    /// </summary>
    /// <remarks>
    /// Each width's loop is a method of its own, compiled when a block first reaches it: compiling all four widths and
    /// loading their vector types took about 13 ms of a run's first step, which a small problem paid for three widths
    /// it never uses (on 2-D Rosenbrock, 5,000,000 gd steps take about 90 ms). The widths are constants here, not the
    /// lanes' own <c>Width</c>, so that naming them loads no lane type either.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Run(ref TUpdate update, ref T parameters, ref T gradient, int start, int end)
    {
        int i = start;
        if (Vector512.IsHardwareAccelerated && end - i >= 64 / Unsafe.SizeOf<T>()) i = Run512(ref update, ref parameters, ref gradient, i, end);
        if (Vector256.IsHardwareAccelerated && end - i >= 32 / Unsafe.SizeOf<T>()) i = Run256(ref update, ref parameters, ref gradient, i, end);
        if (Vector128.IsHardwareAccelerated && end - i >= 16 / Unsafe.SizeOf<T>()) i = Run128(ref update, ref parameters, ref gradient, i, end);
        if (i < end) RunScalar(ref update, ref parameters, ref gradient, i, end);
    }

    // Fully optimized from the first call (a step over a large block must not run tier-0 or on-stack-replaced code),
    // with the update inlined: each Apply is marked AggressiveInlining, since full opts without PGO would call it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int Run512(ref TUpdate update, ref T parameters, ref T gradient, int i, int end) =>
        RunLanes<Lane512<T>>(ref update, ref parameters, ref gradient, i, end);

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int Run256(ref TUpdate update, ref T parameters, ref T gradient, int i, int end) =>
        RunLanes<Lane256<T>>(ref update, ref parameters, ref gradient, i, end);

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int Run128(ref TUpdate update, ref T parameters, ref T gradient, int i, int end) =>
        RunLanes<Lane128<T>>(ref update, ref parameters, ref gradient, i, end);

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static int RunScalar(ref TUpdate update, ref T parameters, ref T gradient, int i, int end) =>
        RunLanes<ScalarLane<T>>(ref update, ref parameters, ref gradient, i, end);

    /// <summary>Updates whole registers of <typeparamref name="TLane"/> from <paramref name="i"/> on; returns where they stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RunLanes<TLane>(ref TUpdate update, ref T parameters, ref T gradient, int i, int end) where TLane : struct, ILane<TLane, T>
    {
        for (int width = TLane.Width; i <= end - width; i += width)
            update.Apply<TLane>(ref parameters, ref gradient, (nuint)i);
        return i;
    }
}
