using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Curvature.Spectra;

/// <summary>
/// Hutchinson's estimator of the trace: tr(H) = E[zᵀ·H·z] for z with independent ±1 entries, so the mean of zᵀ·H·z
/// over probes estimates it, with standard error s/√probes (s the samples' standard deviation). Probe i is drawn from
/// (seed, i), so the estimate is the same on any number of threads and grows by whole probes.
/// </summary>
public static class HutchinsonTrace
{
    /// <summary>Estimates tr(<paramref name="h"/>) from <paramref name="probes"/> Rademacher probes.</summary>
    public static TraceEstimate Estimate(ISymmetricOperator h, int probes, ulong seed = 0, ICurvatureObserver? observer = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(h);
        if (probes < 2) throw new ArgumentOutOfRangeException(nameof(probes), probes, "at least 2 probes (one gives no standard error)");
        int n = h.Dimension;
        var z = new double[n];
        var hz = new double[n];
        var samples = new List<double>(probes);
        var completion = SpectrumCompletion.Converged;
        for (int i = 0; i < probes; i++)
        {
            if (cancel.IsCancellationRequested) { completion = SpectrumCompletion.Cancelled; break; }
            Probes.Rademacher(z, seed, i);
            h.Multiply(z, hz);
            double sample = TensorPrimitives.Dot<double>(z, hz);
            if (!double.IsFinite(sample)) { completion = SpectrumCompletion.NotFinite; break; }
            samples.Add(sample);
            observer?.OnProgress(new CurvatureProgress("trace", i + 1, probes, samples.Average()));
        }
        double mean = samples.Count > 0 ? samples.Average() : double.NaN;
        double error = samples.Count > 1
            ? Math.Sqrt(samples.Sum(s => (s - mean) * (s - mean)) / (samples.Count - 1) / samples.Count)
            : double.PositiveInfinity;
        return new TraceEstimate(mean, error, samples, completion);
    }
}

/// <summary>The trace estimate, its standard error, the probes' samples zᵀ·H·z, and why it stopped.</summary>
public sealed record TraceEstimate(double Estimate, double StandardError, IReadOnlyList<double> Samples, SpectrumCompletion Completion)
{
    /// <summary>How many probes the estimate averages.</summary>
    public int Probes => Samples.Count;
}
