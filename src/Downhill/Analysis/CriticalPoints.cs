using Downhill.Functions;
using Downhill.Numerics;

namespace Downhill.Analysis;

/// <summary>
/// Finds the critical points (∇f = 0) of a function inside a box and says what each one is.
/// </summary>
/// <remarks>
/// Many seeded starts, each solved by <see cref="GradientRootFinder"/> (Newton on ∇f with a Levenberg–Marquardt
/// safeguard, then polished until ‖∇f‖ stops falling). Roots closer than a tolerance are merged (the one with the
/// smaller gradient is kept), roots outside the box are dropped, and each survivor is classified by its Hessian's
/// eigenvalues (<see cref="Curvature"/>). Starts run in parallel; start k always comes from the stream (seed, k) and
/// merging goes in start order, so the report is the same on any number of threads.
/// A search from finitely many starts can miss a critical point whose basin under Newton's method is small; more
/// starts make that less likely.
/// </remarks>
public static class CriticalPoints
{
    /// <summary>Finds the critical points of <paramref name="objective"/> in <paramref name="box"/>: Newton's method on ∇f = 0 from random starts, duplicates merged, each point classified by its Hessian, lowest f first.</summary>
    public static CriticalPointReport Find(IObjective objective, Box box, CriticalPointOptions? options = null)
    {
        options ??= new CriticalPointOptions();
        options.Validate();
        int n = objective.Dimension;
        DenseLimit.Check(n, "the critical-point search", "it factors the Hessian at every step of every start", DenseLimit.CriticalSearchMaxDimension);
        if (box.Dimension != n)
            throw new InputException($"the box has {box.Dimension} sides for a function of {n} variables");

        int starts = options.StartCount(n);
        var roots = new double[starts][];
        var norms = new double[starts];
        WorkerPool.OnThreadPool(options.Threads).For(starts, () => new GradientRootFinder(objective, box, options), (k, finder) =>
        {
            var x = new double[n];
            box.Sample(KeyedSeed.Random(options.Seed, k), x);
            norms[k] = options.Cancellation.IsCancellationRequested ? double.NaN : finder.Solve(x);
            roots[k] = x;
        });

        double mergeDistance = options.DuplicateDistance * box.Diagonal;
        var distinct = new List<(double[] X, double Norm, int Hits)>();
        int converged = 0;
        for (int k = 0; k < starts; k++)
        {
            if (double.IsNaN(norms[k])) continue;
            converged++;
            int same = distinct.FindIndex(d => Vectors.Distance(d.X, roots[k]) <= mergeDistance);
            if (same < 0)
                distinct.Add((roots[k], norms[k], 1));
            else
                distinct[same] = norms[k] < distinct[same].Norm
                    ? (roots[k], norms[k], distinct[same].Hits + 1)
                    : distinct[same] with { Hits = distinct[same].Hits + 1 };
        }

        var points = new List<CriticalPoint>();
        var gradient = new double[n];
        var hessian = new double[n * n];
        foreach (var (x, _, hits) in distinct)
        {
            if (!box.Contains(x)) continue;
            double f = objective.ValueGradientHessian(x, gradient, hessian);
            points.Add(new CriticalPoint(x, f, Vectors.Norm(gradient),
                Curvature.Of(hessian, n, options.EigenvalueTolerance), hits));
        }
        points.Sort((a, b) => a.F != b.F ? a.F.CompareTo(b.F) : CompareLexicographic(a.X, b.X));
        var onTheBoundary = options.BoxMinima ? BoxMinima.Find(objective, box, options, starts) : [];
        return new CriticalPointReport(points, starts, converged, onTheBoundary);
    }

    private static int CompareLexicographic(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        for (int i = 0; i < a.Count; i++)
            if (a[i] != b[i]) return a[i].CompareTo(b[i]);
        return 0;
    }
}
