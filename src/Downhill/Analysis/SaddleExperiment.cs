namespace Downhill.Analysis;

/// <summary>One dimension's row of the saddle experiment: how the critical points found split by kind.</summary>
/// <param name="Dimension">n.</param>
/// <param name="Functions">How many random functions were searched.</param>
/// <param name="CriticalPoints">Distinct critical points found in their boxes, all functions together.</param>
/// <param name="MinimumShare">Share of them that are minima (0 to 1).</param>
/// <param name="SaddleShare">Share that are saddles.</param>
/// <param name="MaximumShare">Share that are maxima.</param>
/// <param name="DegenerateShare">Share with an eigenvalue inside the tolerance band (rare for random functions).</param>
public sealed record SaddleRow(int Dimension, int Functions, int CriticalPoints, double MinimumShare, double SaddleShare,
    double MaximumShare, double DegenerateShare);

/// <summary>Settings of the saddle experiment.</summary>
public sealed record SaddleExperimentOptions
{
    /// <summary>The dimensions to sample.</summary>
    public IReadOnlyList<int> Dimensions { get; init; } = [1, 2, 3, 4, 5, 6];
    /// <summary>Random functions per dimension.</summary>
    public int FunctionsPerDimension { get; init; } = 3;
    /// <summary>Cosine terms per function.</summary>
    public int Terms { get; init; } = 24;
    /// <summary>The search box is [−HalfWidth, HalfWidth]ⁿ.</summary>
    public double HalfWidth { get; init; } = 2;
    /// <summary>Root-finder starts per function.</summary>
    public int Starts { get; init; } = 300;
    /// <summary>The seed every random function and start derives from.</summary>
    public long Seed { get; init; }
    /// <summary>Threads for the root finder's starts (0: one per core).</summary>
    public int Threads { get; init; }
}

/// <summary>
/// The course's argument that true local minima are rare in many dimensions: on random smooth functions
/// (<see cref="RandomCosineLandscape"/>) of growing dimension, find the critical points and measure which share are
/// minima, saddles and maxima. For a Hessian with random-sign eigenvalues a minimum needs all n positive, so its share
/// falls roughly like 2⁻ⁿ while saddles take over.
/// </summary>
public static class SaddleExperiment
{
    /// <summary>The most random functions per dimension.</summary>
    public const int MaxFunctions = 1_000;

    /// <summary>The most cosine terms per function (each evaluation sums them all).</summary>
    public const int MaxTerms = 10_000;

    /// <summary>Runs the experiment: one row per dimension.</summary>
    public static IReadOnlyList<SaddleRow> Run(SaddleExperimentOptions options)
    {
        if (options.Dimensions.Count == 0 || options.Dimensions.Any(n => n < 1 || n > 20))
            throw new InputException("dimensions must be whole numbers from 1 to 20");
        if (options.FunctionsPerDimension is < 1 or > MaxFunctions)
            throw new InputException($"{new ParameterName("functions per dimension")} must be from 1 to {MaxFunctions:N0} per dimension, not {options.FunctionsPerDimension:N0}");
        if (options.Terms is < 1 or > MaxTerms)
            throw new InputException($"{new ParameterName("terms")} must be from 1 to {MaxTerms:N0}, not {options.Terms:N0}");
        var rows = new List<SaddleRow>();
        foreach (int n in options.Dimensions)
        {
            var counts = new int[4];
            for (int j = 0; j < options.FunctionsPerDimension; j++)
            {
                var landscape = new RandomCosineLandscape(n, options.Terms, options.Seed * 1_000_003 + j);
                var report = CriticalPoints.Find(landscape, Box.Cube(n, -options.HalfWidth, options.HalfWidth),
                    new CriticalPointOptions { Starts = options.Starts, Seed = options.Seed + j, Threads = options.Threads });
                foreach (var point in report.Points) counts[(int)point.Kind]++;
            }
            int total = counts.Sum();
            double Share(CriticalPointKind kind) => total == 0 ? 0 : (double)counts[(int)kind] / total;
            rows.Add(new SaddleRow(n, options.FunctionsPerDimension, total, Share(CriticalPointKind.Minimum),
                Share(CriticalPointKind.Saddle), Share(CriticalPointKind.Maximum), Share(CriticalPointKind.Degenerate)));
        }
        return rows;
    }
}
