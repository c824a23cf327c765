using Downhill.Specs;

namespace Downhill.Running;

/// <summary>
/// How a run picks its start when no x0 is given: <c>gaussian:mean=0,std=1</c> (the default) draws each coordinate
/// from N(mean, std²); <c>uniform</c> draws each uniformly within the bounds. Both from a seed, deterministic.
/// </summary>
public abstract record StartingPoint
{
    /// <summary>The spec names, for messages.</summary>
    public static IReadOnlyList<string> Names { get; } = ["gaussian", "uniform"];

    /// <summary>The default, <c>gaussian:mean=0,std=1</c>.</summary>
    public static StartingPoint Default { get; } = new GaussianStart(0, 1);

    /// <summary>Parses <c>gaussian[:mean=M,std=S]</c> or <c>uniform</c>.</summary>
    public static StartingPoint Parse(string text)
    {
        var spec = Spec.Parse(text, "initializer");
        switch (spec.Name)
        {
            case "gaussian":
                spec.RejectUnknownKeys(["mean", "std"], "initializer");
                double std = spec.GetDouble("std", 1);
                double mean = spec.GetDouble("mean", 0);
                if (!(std > 0) || !double.IsFinite(std))
                    throw new InputException($"gaussian:std must be a positive finite number, not {spec["std"]}");
                if (!double.IsFinite(mean))
                    throw new InputException($"gaussian:mean must be finite, not {spec["mean"]}");
                return new GaussianStart(mean, std);
            case "uniform":
                spec.RejectUnknownKeys([], "initializer");
                return new UniformStart();
            default:
                throw new InputException($"unknown initializer '{spec.Name}'; valid: {string.Join(", ", Names)}", text, 0);
        }
    }

    /// <summary>A start of <paramref name="dimension"/> coordinates drawn from <paramref name="seed"/>.</summary>
    /// <param name="dimension">The number of variables.</param>
    /// <param name="seed">The seed; the same seed gives the same start everywhere.</param>
    /// <param name="bounds">The search box (from the user or the function), or null where there is none.</param>
    public abstract double[] Draw(int dimension, IReadOnlyList<(double Low, double High)>? bounds, ulong seed);
}

/// <summary>Each coordinate from N(<see cref="Mean"/>, <see cref="Std"/>²).</summary>
public sealed record GaussianStart(double Mean, double Std) : StartingPoint
{
    /// <inheritdoc/>
    public override double[] Draw(int dimension, IReadOnlyList<(double Low, double High)>? bounds, ulong seed)
    {
        var random = new SeededRandom(seed);
        var x = new double[dimension];
        for (int i = 0; i < dimension; i++)
        {
            x[i] = Mean + Std * random.NextGaussian();
            if (!double.IsFinite(x[i]))
                throw new InputException($"gaussian:mean={Mean},std={Std} drew a coordinate that is not finite ({x[i]}): choose a smaller mean or std");
        }
        return x;
    }

    /// <inheritdoc/>
    public override string ToString() => $"gaussian:mean={Mean},std={Std}";
}

/// <summary>Each coordinate uniformly within its bounds, which must be given and finite.</summary>
public sealed record UniformStart : StartingPoint
{
    /// <inheritdoc/>
    public override double[] Draw(int dimension, IReadOnlyList<(double Low, double High)>? bounds, ulong seed)
    {
        if (bounds is null)
            throw new InputException($"{new ParameterName("initializer")} uniform needs bounds: give {new ParameterName("bounds")} low:high,…");
        if (bounds.Count != dimension)
            throw new InputException($"{new ParameterName("initializer")} uniform: {bounds.Count} bounds for a function of {dimension} variables");
        var random = new SeededRandom(seed);
        var x = new double[dimension];
        for (int i = 0; i < dimension; i++)
        {
            var (low, high) = bounds[i];
            if (!double.IsFinite(low) || !double.IsFinite(high))
                throw new InputException($"{new ParameterName("initializer")} uniform needs finite bounds, but variable {i + 1} has {Constraints.Bounds.Format(low)}:{Constraints.Bounds.Format(high)}");
            x[i] = random.NextUniform(low, high);
        }
        return x;
    }

    /// <inheritdoc/>
    public override string ToString() => "uniform";
}
