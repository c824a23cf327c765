namespace Downhill.Running;

/// <summary>
/// Keeps a run's trace in storage allocated once: every <c>stride</c>-th iterate while there is room; when full, every
/// other entry is dropped and the stride doubles, so the trace always spans the start to the present. One slot is
/// held back for the end.
/// </summary>
internal sealed class TraceRecorder
{
    private readonly int dimension;
    private readonly long[] iterations;
    private readonly double[] points, values, gradientNorms, learningRates;
    private int count;
    private long stride, nextIteration;

    public TraceRecorder(int dimension, int every, int capacity)
    {
        this.dimension = dimension;
        stride = every;
        iterations = new long[capacity];
        points = new double[(long)capacity * dimension];
        values = new double[capacity];
        gradientNorms = new double[capacity];
        learningRates = new double[capacity];
    }

    /// <summary>Whether <see cref="Offer"/> would look at iteration <paramref name="iteration"/>: the loop asks first, so
    /// that it gathers what an entry holds (the learning rate in effect) only for the iterations kept.</summary>
    public bool IsDue(long iteration) => iteration == nextIteration;

    /// <summary>Records the iterate when its iteration is due.</summary>
    public void Offer(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm, double learningRate)
    {
        if (iteration != nextIteration) return;
        if (count == iterations.Length - 1)
        {
            Thin();
            // The kept entries sit at multiples of the doubled stride; this iterate may fall between them.
            nextIteration = iterations[count - 1] + stride;
            if (iteration != nextIteration) return;
        }
        Store(iteration, x, f, gradientNorm, learningRate);
        nextIteration = iteration + stride;
    }

    /// <summary>Records the last iterate unless it is already the last entry.</summary>
    public void Finish(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm, double learningRate)
    {
        if (count > 0 && iterations[count - 1] == iteration) return;
        Store(iteration, x, f, gradientNorm, learningRate);
    }

    public IReadOnlyList<TraceEntry> ToEntries()
    {
        var entries = new TraceEntry[count];
        for (int i = 0; i < count; i++)
            entries[i] = new TraceEntry(iterations[i], points.AsSpan(i * dimension, dimension).ToArray(), values[i],
                gradientNorms[i], learningRates[i]);
        return entries;
    }

    private void Store(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm, double learningRate)
    {
        iterations[count] = iteration;
        x.CopyTo(points.AsSpan(count * dimension, dimension));
        values[count] = f;
        gradientNorms[count] = gradientNorm;
        learningRates[count] = learningRate;
        count++;
    }

    private void Thin()
    {
        int kept = 0;
        for (int i = 0; i < count; i += 2, kept++)
        {
            iterations[kept] = iterations[i];
            points.AsSpan(i * dimension, dimension).CopyTo(points.AsSpan(kept * dimension, dimension));
            values[kept] = values[i];
            gradientNorms[kept] = gradientNorms[i];
            learningRates[kept] = learningRates[i];
        }
        count = kept;
        stride *= 2;
    }
}
