using Downhill.Learning.Tensors;
using Downhill.Optimizers.Elementwise;

namespace Downhill.Learning.Training;

/// <summary>
/// Runs an optimizer step's elementwise update on the trainer's own threads, one contiguous range per thread, so the
/// step neither wakes the thread pool nor competes with the pool's spinning workers for the cores.
/// </summary>
internal sealed class PoolRangeSplitter(WorkerPool pool) : IRangeSplitter, IParallelWork
{
    /// <summary>Below this many parameters one thread updates them all: splitting costs more than it saves.</summary>
    internal const int ParallelThreshold = 1 << 15;

    /// <summary>Ranges start at multiples of this many elements (one 64-byte line of float).</summary>
    private const int Alignment = 16;

    private IRangeStep? _step;
    private int _length;

    public void Split(IRangeStep step, int length)
    {
        if (pool.Threads == 1 || length < ParallelThreshold)
        {
            step.StepRange(0, length);
            return;
        }
        (_step, _length) = (step, length);
        try { pool.Run(this); }
        finally { _step = null; }
    }

    public void Execute(int part, int parts)
    {
        int lines = (_length + Alignment - 1) / Alignment;
        int start = (int)Math.Min(_length, (long)lines * part / parts * Alignment);
        int end = (int)Math.Min(_length, (long)lines * (part + 1) / parts * Alignment);
        if (start < end) _step!.StepRange(start, end);
    }
}
