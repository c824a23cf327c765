using Downhill.Curvature.Spectra;

namespace Downhill.Curvature.Slices;

/// <summary>Which directions a slice of the loss runs along.</summary>
public enum SliceDirections
{
    /// <summary>Gaussian directions drawn from the seed and filter-normalized to the weights (Li et al. 2018).</summary>
    Random,

    /// <summary>The Hessian's eigenvectors at the weights (unit length, from Lanczos): the top ones unless
    /// <see cref="SliceRequest.EigenRank"/> and <see cref="SliceRequest.EigenEnd"/> pick others.</summary>
    Eigen,

    /// <summary>The straight line from the initial weights to the trained ones (Goodfellow, Vinyals and Saxe 2015).</summary>
    Line,
}

/// <summary>Which end of the Hessian's spectrum an eigen slice counts its eigenvectors from.</summary>
public enum SpectrumEnd
{
    /// <summary>From the largest eigenvalue down: rank 1 is the direction the loss curves upward fastest.</summary>
    Largest,

    /// <summary>From the smallest (most negative) eigenvalue up: rank 1 curves upward least, or downward fastest.</summary>
    Smallest,
}

/// <summary>
/// What slice of a network's loss to take: along which directions, one axis or two, how many points per axis and how
/// far. Random and eigen slices are centred on the trained weights θ, at θ + α·d₁ (+ β·d₂) for α, β in
/// [−<see cref="Span"/>, <see cref="Span"/>]; a line slice runs through θ₀ + α·(θ − θ₀) for α from −Span/2 to 1 + Span/2,
/// so the initial weights sit at α = 0 and the trained ones at α = 1.
/// </summary>
public sealed record SliceRequest
{
    /// <summary>How the directions are chosen.</summary>
    public SliceDirections Directions { get; init; } = SliceDirections.Random;

    /// <summary>1 (a curve) or 2 (a plane); a line slice has one.</summary>
    public int Axes { get; init; } = 2;

    /// <summary>Points along each axis (41 by default; odd counts put a point on the trained weights).</summary>
    public int Points { get; init; } = 41;

    /// <summary>How far the slice reaches (see the type's summary).</summary>
    public double Span { get; init; } = 1;

    /// <summary>The initial weights of a <see cref="SliceDirections.Line"/> slice, laid out as the model's parameters.</summary>
    public double[]? Start { get; init; }

    /// <summary>Seed of the random directions and of Lanczos's start vector.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Which eigenvector an <see cref="SliceDirections.Eigen"/> slice's first axis runs along, counted from
    /// <see cref="EigenEnd"/>: 1 (the default) the largest eigenvalue's, 2 the next, …; a plane's second axis runs along
    /// the next one from the same end.
    /// </summary>
    public int EigenRank { get; init; } = 1;

    /// <summary>The end of the spectrum <see cref="EigenRank"/> counts from (the largest eigenvalues by default).</summary>
    public SpectrumEnd EigenEnd { get; init; } = SpectrumEnd.Largest;

    /// <summary>How the eigenvectors of an <see cref="SliceDirections.Eigen"/> slice are computed.</summary>
    public LanczosOptions Lanczos { get; init; } = new();

    /// <summary>The points of the whole slice.</summary>
    public int PlannedPoints => Points * (Axes == 2 ? Points : 1);

    /// <summary>Throws naming the first setting that does not fit a model of <paramref name="parameters"/> parameters.</summary>
    public void Validate(int parameters)
    {
        if (Axes is not (1 or 2)) throw new InputException($"{new ParameterName("axes")} must be 1 or 2, not {Axes}");
        if (Directions == SliceDirections.Line && Axes != 1) throw new InputException($"a line from the initial weights has one axis, not {Axes}");
        if (Points < 2 || Points > 401) throw new InputException($"{new ParameterName("grid")} must be 2 to 401 points per axis, not {Points}");
        if (!(Span > 0 && double.IsFinite(Span))) throw new InputException($"{new ParameterName("span")} must be a positive number, not {Span}");
        if (Directions == SliceDirections.Line)
        {
            if (Start is null) throw new InputException($"a line slice needs the {new ParameterName("initial weights")}");
            if (Start.Length != parameters) throw new InputException($"the {new ParameterName("initial weights")} have {Start.Length} parameters; the model has {parameters}");
        }
        else if (Start is not null) throw new InputException($"the {new ParameterName("initial weights")} make a line slice; {Directions.ToString().ToLowerInvariant()} directions do not use them");
        if (EigenRank < 1) throw new InputException($"{new ParameterName("eigenvector")} rank must be at least 1, not {EigenRank}");
        if (Directions != SliceDirections.Eigen && (EigenRank != 1 || EigenEnd != SpectrumEnd.Largest))
            throw new InputException($"{new ParameterName("eigenvector")} picks an eigen slice's directions; {Directions.ToString().ToLowerInvariant()} directions do not use it");
        if (Directions == SliceDirections.Eigen && EigenRank + Axes - 1 > parameters)
            throw new InputException($"{EigenRank + Axes - 1} eigenvectors of a model with {parameters} parameters");
        Lanczos.Validate();
    }
}
