namespace Downhill.Curvature;

/// <summary>
/// Watches a curvature computation as it goes (a progress bar): called on the computing thread after each
/// Hessian-vector product or grid point; keep it cheap. The library itself never writes to a console.
/// </summary>
public interface ICurvatureObserver
{
    /// <summary>Called as the analysis advances.</summary>
    void OnProgress(CurvatureProgress progress);
}

/// <summary>
/// How far a stage has gone: <paramref name="Done"/> units (products, probes, grid points) of
/// <paramref name="Planned"/> (null when the stage stops on convergence rather than a count), with the current
/// <paramref name="Estimate"/> where one exists (the largest Ritz value, the running trace).
/// </summary>
public readonly record struct CurvatureProgress(string Stage, int Done, int? Planned, double? Estimate = null);
