namespace Downhill.Running;

/// <summary>
/// Keeps a run's trace in storage allocated once: every <c>stride</c>-th iterate while there is room; when full, every
/// other entry is dropped and the stride doubles, so the trace always spans the start to the present. One slot is
/// held back for the end. Given an optimizer's state, each entry also keeps a copy of its declared parts (the scalars
/// after the step count, which is the entry's iteration, then the buffers), read from the live state when stored.
/// </summary>
internal sealed class TraceRecorder
{
    private readonly int _dimension;
    private readonly long[] _iterations;
    private readonly double[] _points, _values, _gradientNorms, _learningRates;
    private readonly IMethodRun? _stateSource;
    private readonly IReadOnlyList<StatePartLayout> _stateLayout;
    private readonly int _stateWidth;
    private readonly double[] _states;
    private int _count;
    private long _stride, _nextIteration;

    public TraceRecorder(int dimension, int every, int capacity, IMethodRun? state = null)
    {
        this._dimension = dimension;
        _stride = every;
        _iterations = new long[capacity];
        _points = new double[(long)capacity * dimension];
        _values = new double[capacity];
        _gradientNorms = new double[capacity];
        _learningRates = new double[capacity];
        _stateSource = state;
        _stateLayout = state?.StateLayout ?? [];
        _stateWidth = _stateLayout.Sum(p => p.Length);
        _states = new double[(long)capacity * _stateWidth];
    }

    /// <summary>How many numbers an entry keeps of <paramref name="state"/>'s declared state (0 for none).</summary>
    public static int StateWidth(IMethodRun? state) => state?.StateLayout.Sum(p => p.Length) ?? 0;

    /// <summary>Whether <see cref="Offer"/> would look at iteration <paramref name="iteration"/>: the loop asks first, so
    /// that it gathers what an entry holds (the learning rate in effect) only for the iterations kept.</summary>
    public bool IsDue(long iteration) => iteration == _nextIteration;

    /// <summary>Records the iterate when its iteration is due.</summary>
    public void Offer(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm, double learningRate)
    {
        if (iteration != _nextIteration) return;
        if (_count == _iterations.Length - 1)
        {
            Thin();
            // The kept entries sit at multiples of the doubled stride; this iterate may fall between them.
            _nextIteration = _iterations[_count - 1] + _stride;
            if (iteration != _nextIteration) return;
        }
        Store(iteration, x, f, gradientNorm, learningRate);
        _nextIteration = iteration + _stride;
    }

    /// <summary>Records the last iterate unless it is already the last entry.</summary>
    public void Finish(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm, double learningRate)
    {
        if (_count > 0 && _iterations[_count - 1] == iteration) return;
        Store(iteration, x, f, gradientNorm, learningRate);
    }

    public IReadOnlyList<TraceEntry> ToEntries()
    {
        var entries = new TraceEntry[_count];
        for (int i = 0; i < _count; i++)
            entries[i] = new TraceEntry(_iterations[i], _points.AsSpan(i * _dimension, _dimension).ToArray(), _values[i],
                _gradientNorms[i], _learningRates[i]) { State = _stateWidth == 0 ? null : StateOf(i) };
        return entries;
    }

    private TraceStatePart[] StateOf(int entry)
    {
        var numbers = _states.AsSpan(entry * _stateWidth, _stateWidth);
        var parts = new TraceStatePart[_stateLayout.Count];
        int at = 0;
        for (int k = 0; k < parts.Length; k++)
        {
            var part = _stateLayout[k];
            parts[k] = new TraceStatePart(part.Name, part.IsScalar, numbers.Slice(at, part.Length).ToArray());
            at += part.Length;
        }
        return parts;
    }

    private void Store(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm, double learningRate)
    {
        _iterations[_count] = iteration;
        x.CopyTo(_points.AsSpan(_count * _dimension, _dimension));
        _values[_count] = f;
        _gradientNorms[_count] = gradientNorm;
        _learningRates[_count] = learningRate;
        if (_stateWidth > 0) _stateSource!.CopyState(_states.AsSpan(_count * _stateWidth, _stateWidth));
        _count++;
    }

    private void Thin()
    {
        int kept = 0;
        for (int i = 0; i < _count; i += 2, kept++)
        {
            _iterations[kept] = _iterations[i];
            _points.AsSpan(i * _dimension, _dimension).CopyTo(_points.AsSpan(kept * _dimension, _dimension));
            _values[kept] = _values[i];
            _gradientNorms[kept] = _gradientNorms[i];
            _learningRates[kept] = _learningRates[i];
            _states.AsSpan(i * _stateWidth, _stateWidth).CopyTo(_states.AsSpan(kept * _stateWidth, _stateWidth));
        }
        _count = kept;
        _stride *= 2;
    }
}
