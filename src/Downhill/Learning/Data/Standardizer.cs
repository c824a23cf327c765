namespace Downhill.Learning.Data;

/// <summary>
/// Per-feature centring and scaling, x ← (x − mean)/std, fitted on the training split only (so nothing about
/// validation or test rows leaks into training) and then applied to every split. A constant feature keeps scale 1.
/// </summary>
public sealed class Standardizer
{
    private Standardizer(double[] mean, double[] std) => (Mean, Std) = (mean, std);

    public IReadOnlyList<double> Mean { get; }
    public IReadOnlyList<double> Std { get; }

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
