using Downhill.Curvature.Networks;

namespace Downhill.Curvature.Slices;

/// <summary>
/// A slice of a network's loss: the coordinates along each axis (<see cref="Y"/> is null for a curve), the loss and
/// accuracy on each data split at every point, where the trained (and, for a line, the initial) weights sit, and for
/// eigen directions their eigenvalues. Points not reached before a cancellation hold NaN.
/// </summary>
public sealed record LossSlice
{
    /// <summary>How the slice's directions were chosen.</summary>
    public required SliceDirections Directions { get; init; }

    /// <summary>Coordinates along the first axis (α).</summary>
    public required double[] X { get; init; }

    /// <summary>Coordinates along the second axis (β), or null for a one-axis slice.</summary>
    public double[]? Y { get; init; }

    /// <summary>The loss and accuracy on the rows the slice was asked for (the training rows by default).</summary>
    public required SliceValues Primary { get; init; }

    /// <summary>The same on held-out rows, when they were given.</summary>
    public SliceValues? HeldOut { get; init; }

    /// <summary>Where the trained weights are: (0, 0) for random and eigen slices, (1, 0) on a line.</summary>
    public required (double X, double Y) Trained { get; init; }

    /// <summary>Where the initial weights are on a line slice (α = 0), else null.</summary>
    public (double X, double Y)? Initial { get; init; }

    /// <summary>The loss and accuracy at the trained weights, on the rows and on the held-out rows.</summary>
    public required (NetworkEvaluation Primary, NetworkEvaluation? HeldOut) AtTrained { get; init; }

    /// <summary>The same at the initial weights of a line slice, else null.</summary>
    public (NetworkEvaluation Primary, NetworkEvaluation? HeldOut)? AtInitial { get; init; }

    /// <summary>The eigenvalue of each eigen direction, in the order of the axes (empty for other directions).</summary>
    public IReadOnlyList<double> Eigenvalues { get; init; } = [];

    /// <summary>For eigen directions, the first axis's eigenvector's rank from <see cref="EigenEnd"/> (see <see cref="SliceRequest.EigenRank"/>).</summary>
    public int EigenRank { get; init; } = 1;

    /// <summary>For eigen directions, the end of the spectrum <see cref="EigenRank"/> counts from.</summary>
    public SpectrumEnd EigenEnd { get; init; } = SpectrumEnd.Largest;

    /// <summary>Whether an eigen slice runs along the top eigenvector (and the next): the default choice.</summary>
    public bool AlongTopEigenvectors => EigenRank == 1 && EigenEnd == SpectrumEnd.Largest;

    /// <summary>
    /// Which eigenvectors an eigen slice runs along, in words: "eigenvector of its 3rd largest eigenvalue",
    /// "eigenvectors of its smallest and 2nd smallest eigenvalues" (the Hessian's); null for other directions.
    /// </summary>
    public string? EigenvectorWords()
    {
        if (Directions != SliceDirections.Eigen) return null;
        string end = EigenEnd == SpectrumEnd.Largest ? "largest" : "smallest";
        return Y is null
            ? $"eigenvector of its {Ordinal(EigenRank)}{end} eigenvalue"
            : $"eigenvectors of its {Ordinal(EigenRank)}{end} and {Ordinal(EigenRank + 1)}{end} eigenvalues";
    }

    /// <summary>"" for 1 (the largest itself), then "2nd ", "3rd ", "4th ", …, "11th ", "21st ", ….</summary>
    private static string Ordinal(int rank) => rank == 1 ? "" : (rank % 100) switch
    {
        11 or 12 or 13 => $"{rank}th ",
        _ => (rank % 10) switch { 1 => $"{rank}st ", 2 => $"{rank}nd ", 3 => $"{rank}rd ", _ => $"{rank}th " },
    };

    /// <summary>The length of each direction vector (for random ones, the norm of the weights' filters they copy).</summary>
    public required IReadOnlyList<double> DirectionNorms { get; init; }

    /// <summary>Points evaluated (fewer than <see cref="Planned"/> after a cancellation).</summary>
    public required int Evaluated { get; init; }

    /// <summary>How many points the slice has.</summary>
    public int Planned => X.Length * (Y?.Length ?? 1);

    /// <summary>Whether every planned point was evaluated.</summary>
    public bool Complete => Evaluated == Planned;

    /// <summary>Why no point was evaluated (the eigenvectors could not be found), or null.</summary>
    public string? Reason { get; init; }
}

/// <summary>
/// The loss and (for a classifier) the accuracy at every point of a slice on one set of rows, indexed
/// [second axis, first axis] (one row for a curve), as <c>Plotting.ScalarGrid</c> reads them.
/// </summary>
public sealed record SliceValues(string Name, int Rows, double[,] Loss, double[,]? Accuracy)
{
    /// <summary>The lowest finite loss and where it is, as indices (first axis, second axis); null when none is finite.</summary>
    public (double Loss, int I, int J)? Lowest()
    {
        (double Loss, int I, int J)? best = null;
        for (int j = 0; j < Loss.GetLength(0); j++)
            for (int i = 0; i < Loss.GetLength(1); i++)
                if (double.IsFinite(Loss[j, i]) && (best is null || Loss[j, i] < best.Value.Loss)) best = (Loss[j, i], i, j);
        return best;
    }
}
