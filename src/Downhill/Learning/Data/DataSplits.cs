using Downhill.Running;
using Downhill.Learning.Tensors;

namespace Downhill.Learning.Data;

/// <summary>Training, validation (optional) and test rows of one data set.</summary>
public sealed record DataSplits(Dataset Train, Dataset? Validation, Dataset Test)
{
    /// <summary>Whether the features were centred and scaled by <see cref="Standardized"/>.</summary>
    public bool IsStandardized => Standardization is not null;

    /// <summary>The centring and scaling applied to every split, or null (the features as loaded).</summary>
    public Standardizer? Standardization { get; private init; }

    /// <summary>
    /// Splits <paramref name="data"/> at random (a seeded shuffle) into a test part of
    /// <paramref name="testFraction"/> and the rest for training.
    /// </summary>
    public static DataSplits Split(Dataset data, double testFraction, SeededRandom random)
    {
        var (rest, test) = Cut(data, testFraction, random, "test");
        return new DataSplits(rest, null, test);
    }

    /// <summary>Moves a seeded random <paramref name="fraction"/> of the training rows into a validation split.</summary>
    public DataSplits WithValidation(double fraction, SeededRandom random)
    {
        if (fraction == 0) return this;
        var (train, validation) = Cut(Train, fraction, random, "validation");
        return this with { Train = train, Validation = validation };
    }

    /// <summary>
    /// Standardizes every split, in place, with means and deviations fitted on the training split only, or with
    /// <paramref name="standardizer"/>'s (a saved model's, so its data look as they did in training).
    /// </summary>
    public DataSplits Standardized(Standardizer? standardizer = null)
    {
        if (IsStandardized) throw new InvalidOperationException("the splits are standardized already");
        standardizer ??= Standardizer.Fit(Train);
        standardizer.Apply(Train);
        if (Validation is not null) standardizer.Apply(Validation);
        standardizer.Apply(Test);
        return this with { Standardization = standardizer };
    }

    private static (Dataset Kept, Dataset Cut) Cut(Dataset data, double fraction, SeededRandom random, string what)
    {
        if (!(fraction > 0 && fraction < 1))
            throw new InputException($"the {what} fraction must be between 0 and 1 (exclusive), not {fraction}");
        int cut = (int)Math.Round(data.Count * fraction);
        if (cut < 1 || cut >= data.Count)
            throw new InputException($"a {what} fraction of {fraction} leaves no rows on one side of {data.Count}");
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        random.Shuffle(order);
        return (data.Subset(order.AsSpan(cut), data.Name), data.Subset(order.AsSpan(0, cut), $"{data.Name} ({what})"));
    }
}
