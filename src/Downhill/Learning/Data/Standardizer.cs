namespace Downhill.Learning.Data;

/// <summary>
/// Per-feature centring and scaling, x ← (x − mean)/std, fitted on the training split only (so nothing about
/// validation or test rows leaks into training) and then applied to every split. A constant feature keeps scale 1.
/// </summary>
public sealed class Standardizer
{
    private Standardizer(double[] mean, double[] std) => (Mean, Std) = (mean, std);

    /// <summary>Each feature's mean over the training rows.</summary>
    public IReadOnlyList<double> Mean { get; }
    /// <summary>Each feature's standard deviation over the training rows.</summary>
    public IReadOnlyList<double> Std { get; }

    /// <summary>A standardizer with given means and deviations (a saved model's): each deviation finite and positive.</summary>
    public static Standardizer Of(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != std.Count) throw new ArgumentException($"{mean.Count} means for {std.Count} deviations", nameof(std));
        if (mean.Any(m => !double.IsFinite(m))) throw new ArgumentException("every mean must be finite", nameof(mean));
        if (std.Any(s => !(s > 0) || !double.IsFinite(s))) throw new ArgumentException("every deviation must be finite and positive", nameof(std));
        return new Standardizer(mean.ToArray(), std.ToArray());
    }

    /// <summary>True when it changes nothing (means 0, deviations 1).</summary>
    public bool IsIdentity => Mean.All(m => m == 0) && Std.All(s => s == 1);

    /// <summary>Means and population standard deviations of each feature of <paramref name="data"/>.</summary>
    public static Standardizer Fit(Dataset data)
    {
        int d = data.FeatureCount;
        var mean = new double[d];
        var std = new double[d];
        for (int i = 0; i < data.Count; i++)
            for (int j = 0; j < d; j++) mean[j] += data.Features[i * d + j];
        for (int j = 0; j < d; j++) mean[j] /= data.Count;
        for (int i = 0; i < data.Count; i++)
            for (int j = 0; j < d; j++)
            {
                double r = data.Features[i * d + j] - mean[j];
                std[j] += r * r;
            }
        for (int j = 0; j < d; j++)
        {
            std[j] = Math.Sqrt(std[j] / data.Count);
            if (!(std[j] > 1e-12)) std[j] = 1;
        }
        return new Standardizer(mean, std);
    }

    /// <summary>Standardizes <paramref name="data"/>'s features in place.</summary>
    public void Apply(Dataset data)
    {
        int d = data.FeatureCount;
        if (d != Mean.Count) throw new ArgumentException($"fitted on {Mean.Count} features, given {d}");
        for (int i = 0; i < data.Count; i++)
            for (int j = 0; j < d; j++)
                data.Features[i * d + j] = (float)((data.Features[i * d + j] - Mean[j]) / Std[j]);
    }
}
