using Downhill.Functions;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>Nine optimizers from the same start on rosenbrock and on peaks: iterations, evaluations, where each ends.</summary>
public sealed class Lesson08OptimizerRace : ILesson
{
    private const double Close = 1e-4;

    /// <summary>The first six methods of each list are first-order; the last three model curvature.</summary>
    private const int FirstOrderCount = 6;

    /// <summary>Learning rates picked below each method's stability limit on rosenbrock (curvature up to ~1300 at the start).</summary>
    private static readonly string[] RosenbrockMethods =
        ["gd:lr=0.001", "momentum:lr=0.0002", "nesterov:lr=0.0002", "adagrad:lr=0.1", "rmsprop:lr=0.001", "adam:lr=0.01", "bfgs", "lbfgs", "newton"];

    private static readonly string[] PeaksMethods =
        ["gd:lr=0.02", "momentum:lr=0.005", "nesterov:lr=0.005", "adagrad:lr=0.3", "rmsprop:lr=0.01", "adam:lr=0.05", "bfgs", "lbfgs", "newton"];

    private static readonly double[] RosenbrockStart = [-1.2, 1];
    private static readonly double[] PeaksStart = [0.8, -0.3];

    /// <inheritdoc/>
    public int Number => 8;
    /// <inheritdoc/>
    public string Title => "The optimizers race";
    /// <inheritdoc/>
    public string Claim =>
        "On Rosenbrock's curved valley from (−1.2, 1), the methods that model curvature (Newton, BFGS, L-BFGS) reach the " +
        "minimum (1, 1) in far fewer iterations than every first-order method; an iteration's cost differs, so count " +
        "evaluations too. On peaks, the same start leads different methods to different minima.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var rosenbrock = FunctionResolver.Resolve("rosenbrock");
        var peaks = FunctionResolver.Resolve("peaks");
        var rules = TourRuns.Rules(new GradientTolerance(1e-6), new MaxIterations(context.Size(10_000, 3000)));
        var rosenbrockRuns = RosenbrockMethods.Select(m => TourRuns.Run(rosenbrock, RosenbrockStart, m, rules)).ToArray();
        var peaksRuns = PeaksMethods.Select(m => TourRuns.Run(peaks, PeaksStart, m, rules)).ToArray();
        context.Playground(rosenbrockRuns);

        var tables = new List<EvidenceTable>
        {
            Table($"rosenbrock from {Numbers.Point(RosenbrockStart)} (minimum (1, 1), f = 0)", RosenbrockMethods, rosenbrockRuns),
            Table($"peaks from {Numbers.Point(PeaksStart)} (global minimum f = {Numbers.G(peaks.KnownPoints[0].F, 4)})", PeaksMethods, peaksRuns),
        };
        var figures = new List<ReportFigure>
        {
            context.Draw("rosenbrock-first-order", "The six first-order paths on Rosenbrock's contours (log-spaced levels): they reach the valley floor fast, then creep along it.",
                TourFigures.Contour("Rosenbrock: first-order methods", rosenbrock, rosenbrockRuns[..FirstOrderCount], RosenbrockMethods[..FirstOrderCount], [new CriticalPointMark([1, 1], "minimum")])),
            context.Draw("rosenbrock-second-order", "Newton, BFGS and L-BFGS on Rosenbrock: a few long, curvature-scaled steps (some overshoot the plot before they come back).",
                TourFigures.Contour("Rosenbrock: curvature-aware methods", rosenbrock, rosenbrockRuns[FirstOrderCount..], RosenbrockMethods[FirstOrderCount..], [new CriticalPointMark([1, 1], "minimum")])),
            context.Draw("rosenbrock-loss", "f and ‖∇f‖ by iteration on Rosenbrock (log axes where the values span decades).",
                TourFigures.Loss("Rosenbrock: loss by iteration", rosenbrockRuns, RosenbrockMethods)),
            context.Draw("peaks-paths", "The six first-order paths on peaks, with its critical points: from one start they end in different minima.",
                TourFigures.Contour("peaks: first-order methods", peaks, peaksRuns[..FirstOrderCount], PeaksMethods[..FirstOrderCount],
                    peaks.KnownPoints.Select(p => new CriticalPointMark(p.X.ToArray(), Kind(p.Kind))).ToList())),
        };

        bool Reached(RunResult r) => r.ToMinimum is { } m && m.Distance < Close;
        var second = rosenbrockRuns[FirstOrderCount..];
        var first = rosenbrockRuns[..FirstOrderCount];
        long slowestSecond = second.Max(r => r.Iterations);
        var firstReached = first.Where(Reached).ToList();
        long fastestFirst = firstReached.Count == 0 ? long.MaxValue : firstReached.Min(r => r.Iterations);
        bool holdsRosenbrock = second.All(Reached) && slowestSecond < fastestFirst;
        var peaksMinima = peaksRuns.Where(Reached).Select(r => Numbers.G(r.ToMinimum!.FAtMinimizer, 4)).Distinct().ToList();
        var lost = peaksRuns.Where(r => !Reached(r)).ToList();
        bool holdsPeaks = peaksMinima.Count > 1;
        var measurements = new List<Measurement>
        {
            new("second-order methods on rosenbrock", string.Join("; ", second.Select(r => $"{r.Method}: {r.Iterations} iterations"))),
            new($"first-order methods within {Numbers.G(Close)} of (1, 1)", firstReached.Count == 0 ? "none within the budget"
                : string.Join("; ", firstReached.Select(r => $"{r.Method}: {r.Iterations} iterations"))),
            new("minima reached on peaks (f)", string.Join(", ", peaksMinima)),
        };
        if (lost.Count > 0)
            measurements.Add(new Measurement("runs on peaks that reached no minimum", string.Join("; ", lost.Select(r =>
                $"{r.Method} ended at {Numbers.Point(r.X, 3)}, f = {Numbers.G(r.F, 3)}, ‖∇f‖ = {Numbers.G(r.GradientNorm, 3)} ({r.Stop.ToName()})"))));
        bool holds = holdsRosenbrock && holdsPeaks;
        string conclusion = holds
            ? $"On Rosenbrock the slowest curvature-aware method needed {slowestSecond} iterations, against " +
              $"{(firstReached.Count == 0 ? "no first-order method reaching the minimum within the budget" : $"{fastestFirst} for the fastest first-order one")}; " +
              "but compare evaluations too: Newton pays for a Hessian every step, and the line searches of BFGS and L-BFGS spend extra f and ∇f evaluations. " +
              $"On peaks the same start ended in {peaksMinima.Count} different minima (f = {string.Join(", ", peaksMinima)}): the step rule, not only the start, decides which basin a method falls into" +
              (lost.Count > 0 ? $", and {string.Join(", ", lost.Select(r => r.Method))} left for a flat region far away, where the tiny gradient passed for convergence." : ".")
            : $"Not entirely as claimed: second-order methods all reached (1, 1) and beat every first-order one: {Numbers.YesNo(holdsRosenbrock)} " +
              $"(slowest second-order {slowestSecond} iterations, fastest first-order {(firstReached.Count == 0 ? "none" : Numbers.N(fastestFirst))}); " +
              $"different minima on peaks: {Numbers.YesNo(holdsPeaks)}.";
        return new LessonEvidence(measurements, tables, figures, holds, conclusion);
    }

    private static EvidenceTable Table(string caption, IReadOnlyList<string> methods, IReadOnlyList<RunResult> runs) =>
        new(caption, ["method", "final f", "‖x − x*‖ (nearest minimum)", "iterations", "evaluations f / ∇f / ∇²f", "stop"],
            runs.Select((r, k) => (IReadOnlyList<string>)
            [
                methods[k], Numbers.G(r.F, 4), r.ToMinimum is { } m ? Numbers.G(m.Distance, 3) : "—", Numbers.N(r.Iterations),
                $"{r.Evaluations.Function} / {r.Evaluations.Gradient} / {r.Evaluations.Hessian}", r.Stop.ToName(),
            ]).ToList());

    private static string Kind(PointKind kind) => kind switch
    {
        PointKind.GlobalMinimum or PointKind.LocalMinimum => "minimum",
        PointKind.Maximum => "maximum",
        PointKind.Saddle => "saddle",
        _ => "degenerate",
    };
}
