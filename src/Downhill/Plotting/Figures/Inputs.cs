namespace Downhill.Plotting;

/// <summary>A path in the plane (a run's iterates), drawn as a line with start and end markers.</summary>
public sealed record Path2D(string Label, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A critical point and its kind: "minimum", "maximum", "saddle" or "degenerate".</summary>
public sealed record CriticalPointMark(double[] X, string Kind);

/// <summary>One point of a loss curve: f and ‖∇f‖ after <see cref="Iteration"/> steps.</summary>
public readonly record struct LossPoint(long Iteration, double F, double GradientNorm);

/// <summary>A run's loss curve; <see cref="Diverged"/> marks a run that ended in NaN, infinity or a blow-up.</summary>
public sealed record LossCurve(string Label, IReadOnlyList<LossPoint> Points, bool Diverged = false);

/// <summary>The end of one run of a learning-rate sweep.</summary>
public readonly record struct SweepPoint(double LearningRate, double FinalF, bool Diverged);

/// <summary>A sweep for one method.</summary>
public sealed record SweepSeries(string Label, IReadOnlyList<SweepPoint> Points);

/// <summary>A minimum that starts converge to: where it is and its value.</summary>
public sealed record BasinMinimum(double X, double Y, double F);

/// <summary>
/// Which minimum each start on a grid reached: <c>Labels[j, i]</c> is the index into <see cref="Minima"/> reached
/// from (<c>Xs[i]</c>, <c>Ys[j]</c>), <see cref="Diverged"/> (−1), <see cref="NotConverged"/> (−2), <see cref="LeftBox"/>
/// (−3) or <see cref="Unbounded"/> (−4).
/// </summary>
public sealed record BasinGrid(double[] Xs, double[] Ys, int[,] Labels, IReadOnlyList<BasinMinimum> Minima)
{
    /// <summary>The run blew up.</summary>
    public const int Diverged = -1;
    /// <summary>The run stopped before converging.</summary>
    public const int NotConverged = -2;
    /// <summary>The run ended outside the box.</summary>
    public const int LeftBox = -3;
    /// <summary>f fell without bound along the run.</summary>
    public const int Unbounded = -4;
}

/// <summary>The end of one restart: its final value and the index of the minimum it reached (negative: a <see cref="BasinGrid"/> failure label).</summary>
public readonly record struct RestartOutcome(double FinalF, int Minimum);

/// <summary>One trial of a tuning run: the settings tried in a round and the score they got (lower is better).</summary>
public sealed record TuningTrial(int Trial, int Round, IReadOnlyList<KeyValuePair<string, double>> Settings, double Score);

/// <summary>The range a hyperparameter was sampled from in a round (ranges narrow round by round); <paramref name="Log"/>: sampled in log scale.</summary>
public sealed record TuningRange(int Round, string Name, double Low, double High, bool Log = false);

/// <summary>The Hessian eigenvalues at a critical point, with its label and kind.</summary>
public sealed record EigenvalueSet(string Label, string Kind, IReadOnlyList<double> Eigenvalues);
