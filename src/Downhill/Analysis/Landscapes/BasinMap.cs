using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Running;

namespace Downhill.Analysis.Landscapes;

/// <summary>
/// Basins of attraction of a 2-D function for one method: a G×G grid of starts over a box, each labelled with the
/// minimum its run reaches, or diverged (−1) / not converged (−2).
/// </summary>
/// <param name="XValues">The grid's x coordinates (G values from low to high, ends included).</param>
/// <param name="YValues">The grid's y coordinates.</param>
/// <param name="Minima">The distinct minima reached, by ascending f, with their counts.</param>
/// <param name="Labels">Labels[j][i] for the start (XValues[i], YValues[j]): an index into <paramref name="Minima"/>, or a
/// negative label of <see cref="RestartReport"/> (diverged, not converged, left the box, unbounded below).</param>
/// <param name="Constrained">Whether the runs kept to the box.</param>
public sealed record BasinMap(IReadOnlyList<double> XValues, IReadOnlyList<double> YValues, IReadOnlyList<FoundMinimum> Minima,
    IReadOnlyList<IReadOnlyList<int>> Labels, bool Constrained = false)
{
    /// <summary>Starts that reached no minimum in the box.</summary>
    public int Failed => Labels.Sum(row => row.Count(l => l < 0));

    /// <summary>The widest grid: 500×500 = 250,000 runs, each keeping its end point (about 300 MB in all).</summary>
    public const int MaxGrid = 500;

    /// <summary>
    /// Maps the basins of <paramref name="objective"/> on a <paramref name="grid"/>×<paramref name="grid"/> grid over the
    /// box. The runs keep to the box where the method can (see <see cref="RandomRestarts.CanKeepTo"/>) unless
    /// <paramref name="constrain"/> is false; either way only end points inside it count as minima.
    /// </summary>
    public static BasinMap Compute(IObjective objective, IMethod method, Box box, int grid, RunOptions run,
        double tolerance = MinimaGrouping.DefaultTolerance, int threads = 0, bool constrain = true)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(objective);
        if (objective.Dimension != 2)
            throw new InputException($"basins maps functions of 2 variables; this one has {objective.Dimension}");
        if (box.Dimension != 2) throw new InputException($"basins needs a 2-D box, not {box.Dimension}-D");
        if (grid < 2 || grid > MaxGrid) throw new InputException($"{new ParameterName("grid size")} must be from 2 to {MaxGrid}, not {grid}");
        double[] xs = Axis(box.Low[0], box.High[0], grid);
        double[] ys = Axis(box.Low[1], box.High[1], grid);
        var starts = new double[grid * grid][];
        for (int j = 0; j < grid; j++)
            for (int i = 0; i < grid; i++)
                starts[j * grid + i] = [xs[i], ys[j]];
        var bounds = new Bounds(box.Low, box.High);
        bool constrained = RandomRestarts.CanKeepTo(method, constrain);
        var runs = ParallelRuns.Run(objective, starts.Length, k => starts[k], _ => method, constrained ? run with { Bounds = bounds } : run, threads);
        var (minima, labels) = RandomRestarts.Group(runs, tolerance, bounds);
        var rows = Enumerable.Range(0, grid).Select(j => (IReadOnlyList<int>)labels[(j * grid)..((j + 1) * grid)]).ToArray();
        return new BasinMap(xs, ys, minima, rows, constrained);
    }

    private static double[] Axis(double low, double high, int count) =>
        Enumerable.Range(0, count).Select(i => i == count - 1 ? high : low + (high - low) * i / (count - 1)).ToArray();
}
