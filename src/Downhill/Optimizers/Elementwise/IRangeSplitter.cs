namespace Downhill.Optimizers.Elementwise;

/// <summary>One step's elementwise work, run range by range (each element independent of the others).</summary>
internal interface IRangeStep
{
    /// <summary>Updates elements [start, end).</summary>
    void StepRange(int start, int end);
}

/// <summary>
/// Runs a step's ranges on the caller's threads: <see cref="Split"/> calls <see cref="IRangeStep.StepRange"/> on
/// disjoint ranges that together cover [0, length), and returns when all are done. Lets a trainer with its own
/// threads update parameters on them rather than on the thread pool's.
/// </summary>
internal interface IRangeSplitter
{
    void Split(IRangeStep step, int length);
}
