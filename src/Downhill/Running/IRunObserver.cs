namespace Downhill.Running;

/// <summary>
/// Watches a run as it goes (a progress bar, a live plot, a browser playground). Called on the run's thread after
/// each iteration; keep it cheap. The library itself never writes to a console.
/// </summary>
public interface IRunObserver
{
    /// <summary>Called after every iteration (0: the start) with x, f and ‖∇f‖.</summary>
    void OnIteration(long iteration, ReadOnlySpan<double> x, double f, double gradientNorm);
}
