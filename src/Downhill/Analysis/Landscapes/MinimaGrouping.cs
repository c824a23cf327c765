using Downhill.Numerics;

namespace Downhill.Analysis.Landscapes;

/// <summary>One distinct minimum that runs ended at: the lowest end point of its group, and how many runs reached it.</summary>
/// <param name="X">The group's end point with the lowest f.</param>
/// <param name="F">f there.</param>
/// <param name="Count">How many runs ended in this group (its basin count).</param>
/// <param name="Share">Count over all runs, converged or not: the share of starts whose basin this is.</param>
public sealed record FoundMinimum(IReadOnlyList<double> X, double F, int Count, double Share);

/// <summary>
/// Groups converged end points into distinct minima: two end points are the same minimum when
/// ‖a − b‖ ≤ tolerance · (1 + max(‖a‖, ‖b‖)). Points are taken in run order and each joins the first group whose
/// first member is that close, so the grouping is deterministic; groups are reported by ascending f.
/// </summary>
public sealed class MinimaGrouping
{
    /// <summary>The default distance tolerance (relative, see the class remarks).</summary>
    public const double DefaultTolerance = 1e-3;

    private readonly double _tolerance;
    private readonly List<(double[] First, double[] BestX, double BestF, int Count)> _groups = [];

    /// <summary>Groups end points that lie within <paramref name="tolerance"/>·(1 + ‖x‖) of each other.</summary>
    public MinimaGrouping(double tolerance = DefaultTolerance)
    {
        if (!(tolerance > 0) || !double.IsFinite(tolerance))
            throw new InputException($"the distance tolerance must be a positive number, not {tolerance}");
        _tolerance = tolerance;
    }

    /// <summary>Adds an end point; returns the index of its group in order of creation.</summary>
    public int Add(IReadOnlyList<double> x, double f)
    {
        var point = x.ToArray();
        for (int g = 0; g < _groups.Count; g++)
        {
            var group = _groups[g];
            if (!Close(group.First, point)) continue;
            _groups[g] = f < group.BestF ? (group.First, point, f, group.Count + 1) : group with { Count = group.Count + 1 };
            return g;
        }
        _groups.Add((point, point, f, 1));
        return _groups.Count - 1;
    }

    /// <summary>
    /// The minima by ascending f (ties by creation order), each with its share of <paramref name="total"/> runs, and
    /// for each group index (in creation order) its position in that list.
    /// </summary>
    public (IReadOnlyList<FoundMinimum> Minima, int[] Rank) Result(int total)
    {
        int[] order = Enumerable.Range(0, _groups.Count).OrderBy(g => _groups[g].BestF).ThenBy(g => g).ToArray();
        var rank = new int[_groups.Count];
        for (int r = 0; r < order.Length; r++) rank[order[r]] = r;
        var minima = order.Select(g => new FoundMinimum(_groups[g].BestX, _groups[g].BestF, _groups[g].Count,
            total == 0 ? 0 : (double)_groups[g].Count / total)).ToArray();
        return (minima, rank);
    }

    // max(√na, √nb) = √max(na, nb): the square root is monotone and correctly rounded.
    private bool Close(double[] a, double[] b) =>
        Vectors.Distance(a, b) <= _tolerance * (1 + Math.Max(Vectors.Norm(a), Vectors.Norm(b)));
}
