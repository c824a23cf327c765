using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Analysis;

/// <summary>
/// A local minimum of f over the box that lies on its boundary: a KKT point (the projected gradient
/// x − P(x − ∇f) is zero, so every active bound holds f back: ∂f/∂xᵢ ≥ 0 at a lower bound, ≤ 0 at an upper one) where
/// f curves up along the free variables. Not a critical point of f (∇f ≠ 0 there), yet where a constrained method stops.
/// </summary>
/// <param name="X">The point.</param>
/// <param name="F">f(x).</param>
/// <param name="ProjectedGradientNorm">‖x − P(x − ∇f)‖∞ there: the evidence that it is a KKT point.</param>
/// <param name="GradientNorm">‖∇f‖₂ there: how hard f pushes against the box.</param>
/// <param name="ActiveBounds">The bounds x rests on (at least one).</param>
/// <param name="FreeCurvature">The Hessian's eigenvalues along the variables not at a bound; null at a corner of the box.</param>
/// <param name="Hits">How many starts ended here.</param>
public sealed record BoxMinimum(IReadOnlyList<double> X, double F, double ProjectedGradientNorm, double GradientNorm,
    IReadOnlyList<ActiveBound> ActiveBounds, Curvature? FreeCurvature, int Hits);

/// <summary>
/// Finds the minima of f over a box that lie on its boundary: lbfgsb from seeded starts in the box, run to
/// ‖proj ∇f‖∞ ≤ <see cref="ProjectedGradientTolerance"/>; end points resting on a bound, with no negative curvature along
/// their free variables, merged as <see cref="CriticalPoints"/> merges roots.
/// </summary>
public static class BoxMinima
{
    /// <summary>The projected-gradient tolerance an lbfgsb run must reach for its end to count (SciPy's pgtol).</summary>
    public const double ProjectedGradientTolerance = 1e-9;

    /// <summary>lbfgsb's iteration cap per start.</summary>
    private const int MaxIterations = 1000;

    internal static IReadOnlyList<BoxMinimum> Find(IObjective objective, Box box, CriticalPointOptions options, int starts)
    {
        int n = objective.Dimension;
        var bounds = new Bounds(box.Low, box.High);
        var run = RunOptions.Default with
        {
            Stopping = new StoppingRules([
                new GradientTolerance(ProjectedGradientTolerance, GradientNormKind.Max), new MaxIterations(MaxIterations),
                new Divergence(), new Cancellation()]),
            Bounds = bounds,
            Cancellation = options.Cancellation,
        };
        var method = new Lbfgsb();
        var lean = run with { TraceCapacity = 4, TraceEvery = int.MaxValue };
        var ends = new RunResult?[starts];
        // As the root search does: once cancelled, the starts not yet begun are not run at all.
        WorkerPool.OnThreadPool(options.Threads).For(starts, k =>
        {
            if (options.Cancellation.IsCancellationRequested) return;
            var x = new double[n];
            box.Sample(KeyedSeed.Random(options.Seed, k), x);
            ends[k] = Minimizer.Run(objective, x, method, lean);
        });

        double mergeDistance = options.DuplicateDistance * box.Diagonal;
        var distinct = new List<(double[] X, double F, int Hits)>();
        foreach (var end in ends)
        {
            if (end is null || end.Stop != StopReason.GradTol || end.ActiveBounds.Count == 0) continue;
            var x = end.X.ToArray();
            int same = distinct.FindIndex(d => Vectors.Distance(d.X, x) <= mergeDistance);
            if (same < 0) distinct.Add((x, end.F, 1));
            else distinct[same] = end.F < distinct[same].F ? (x, end.F, distinct[same].Hits + 1) : distinct[same] with { Hits = distinct[same].Hits + 1 };
        }

        var found = new List<BoxMinimum>();
        var gradient = new double[n];
        var hessian = new double[n * n];
        foreach (var (x, _, hits) in distinct)
        {
            double f = objective.ValueGradientHessian(x, gradient, hessian);
            var active = bounds.ActiveAt(x);
            var free = Enumerable.Range(0, n).Where(i => active.All(b => b.Index != i)).ToArray();
            Curvature? curvature = null;
            if (free.Length > 0)
            {
                var reduced = new double[free.Length * free.Length];
                for (int a = 0; a < free.Length; a++)
                    for (int b = 0; b < free.Length; b++)
                        reduced[a * free.Length + b] = hessian[free[a] * n + free[b]];
                curvature = Curvature.Of(reduced, free.Length, options.EigenvalueTolerance);
                // A saddle along the face: lbfgsb stalled on it; not a minimum.
                if (curvature.Index > 0) continue;
            }
            found.Add(new BoxMinimum(x, f, bounds.ProjectedGradientMaxNorm(x, gradient), Vectors.Norm(gradient), active, curvature, hits));
        }
        found.Sort((a, b) => a.F.CompareTo(b.F));
        return found;
    }
}
