namespace Downhill.Learning.Data;

/// <summary>
/// Samples in memory: features [count, featureCount] and targets, row-major float32. For classification
/// (<see cref="ClassNames"/> not empty) the target of a row is its class index; for regression it is
/// <see cref="TargetWidth"/> values.
/// </summary>
public sealed class Dataset
{
    /// <summary>A data set of <paramref name="featureCount"/> features per row; <paramref name="classNames"/> empty for a regression.</summary>
    public Dataset(string name, float[] features, float[] targets, int featureCount, IReadOnlyList<string> classNames,
        IReadOnlyList<string>? featureNames = null, int targetWidth = 1)
    {
        if (featureCount <= 0 || features.Length % featureCount != 0)
            throw new ArgumentException($"{features.Length} feature values do not make rows of {featureCount}");
        Count = features.Length / featureCount;
        if (targets.Length != Count * targetWidth)
            throw new ArgumentException($"{targets.Length} targets for {Count} rows of width {targetWidth}");
        if (classNames.Count > 0 && targetWidth != 1)
            throw new ArgumentException("class targets are one index per row");
        Name = name;
        Features = features;
        Targets = targets;
        FeatureCount = featureCount;
        TargetWidth = targetWidth;
        ClassNames = classNames;
        FeatureNames = featureNames ?? Enumerable.Range(1, featureCount).Select(i => $"x{i}").ToList();
    }

    /// <summary>The data set's name.</summary>
    public string Name { get; }
    /// <summary>The features, row-major.</summary>
    public float[] Features { get; }
    /// <summary>The targets, row-major: a class index per row, or <see cref="TargetWidth"/> values.</summary>
    public float[] Targets { get; }
    /// <summary>Rows.</summary>
    public int Count { get; }
    /// <summary>Features per row.</summary>
    public int FeatureCount { get; }
    /// <summary>Target values per row.</summary>
    public int TargetWidth { get; }
    /// <summary>The classes' names, in index order; empty for a regression.</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>The features' names.</summary>
    public IReadOnlyList<string> FeatureNames { get; }
    /// <summary>The number of classes; 0 for regression.</summary>
    public int ClassCount => ClassNames.Count;
    /// <summary>Whether the targets are classes.</summary>
    public bool IsClassification => ClassNames.Count > 0;

    /// <summary>The features of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> FeatureRow(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);

    /// <summary>The rows at <paramref name="indices"/>, in that order, as a new data set.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices, string name)
    {
        var features = new float[indices.Length * FeatureCount];
        var targets = new float[indices.Length * TargetWidth];
        CopyRows(indices, features, targets);
        return new Dataset(name, features, targets, FeatureCount, ClassNames, FeatureNames, TargetWidth);
    }

    /// <summary>The rows of every part, in order, as one data set (the parts must agree in features, classes and targets).</summary>
    public static Dataset Concatenate(string name, params IReadOnlyList<Dataset> parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var first = parts[0];
        if (parts.Any(p => p.FeatureCount != first.FeatureCount || p.TargetWidth != first.TargetWidth || !p.ClassNames.SequenceEqual(first.ClassNames)))
            throw new ArgumentException("the parts differ in features, targets or classes", nameof(parts));
        return new Dataset(name, parts.SelectMany(p => p.Features).ToArray(), parts.SelectMany(p => p.Targets).ToArray(),
            first.FeatureCount, first.ClassNames, first.FeatureNames, first.TargetWidth);
    }

    /// <summary>Gathers the rows at <paramref name="indices"/> into a batch's buffers (no allocation).</summary>
    public void CopyRows(ReadOnlySpan<int> indices, Span<float> features, Span<float> targets)
    {
        for (int r = 0; r < indices.Length; r++)
        {
            int i = indices[r];
            Features.AsSpan(i * FeatureCount, FeatureCount).CopyTo(features.Slice(r * FeatureCount, FeatureCount));
            Targets.AsSpan(i * TargetWidth, TargetWidth).CopyTo(targets.Slice(r * TargetWidth, TargetWidth));
        }
    }

    /// <summary>Class targets as one-hot rows [count, classes], for losses that compare against vectors.</summary>
    public float[] OneHotTargets()
    {
        if (!IsClassification) throw new InvalidOperationException($"{Name} has no classes");
        var oneHot = new float[Count * ClassCount];
        for (int i = 0; i < Count; i++) oneHot[i * ClassCount + (int)Targets[i]] = 1f;
        return oneHot;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {Count} rows × {FeatureCount} features, " + (IsClassification ? $"{ClassCount} classes" : "regression");
}
