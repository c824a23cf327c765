using Downhill.Analysis;
using Downhill.Functions;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>x² − y² and x³ classified by their Hessians; gradient descent stalls at a saddle, noise or momentum escape it.</summary>
public sealed class Lesson05Saddles : ILesson
{
    private const double Noise = 1e-6;

    /// <inheritdoc/>
    public int Number => 5;
    /// <inheritdoc/>
    public string Title => "Saddle points";
    /// <inheritdoc/>
    public string Claim =>
        "A zero gradient is not a minimum: the Hessian's eigenvalues classify x² − y² at the origin as a saddle (one " +
        "positive, one negative) and x³ at 0 as degenerate (a zero eigenvalue). Gradient descent started exactly on the " +
        "saddle's stable line stalls there; a perturbation of 1e-6 lets it escape, and momentum escapes sooner.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var saddle = FunctionResolver.Resolve("saddle");
        var cubic = FunctionResolver.Resolve("cubic");
        var options = new CriticalPointOptions { Starts = context.Size(60, 20), Seed = context.Seed };
        var saddlePoints = CriticalPoints.Find(saddle.Objective, BoxOf(saddle), options).Points;
        var cubicPoints = CriticalPoints.Find(cubic.Objective, BoxOf(cubic), options).Points;

        // Target f ≤ −1: the run has left the saddle (f there is 0) and keeps falling along −y².
        var rules = TourRuns.Rules(new GradientTolerance(1e-6), new Target(-1), new MaxIterations(1000));
        var stalled = TourRuns.Run(saddle, [1, 0], "gd:lr=0.1", rules);
        var nudged = TourRuns.Run(saddle, [1, Noise], "gd:lr=0.1", rules);
        var momentum = TourRuns.Run(saddle, [1, Noise], "momentum:lr=0.1", rules);
        context.Playground([nudged, momentum]);

        var table = new EvidenceTable("critical points found by Newton's method on ∇f = 0 from random starts, classified by the Hessian",
            ["function", "point", "f", "Hessian eigenvalues", "kind"],
            saddlePoints.Select(p => Row("x² − y²", p)).Concat(cubicPoints.Select(p => Row("x³", p))).ToList());
        var measurements = new List<Measurement>
        {
            new("gd lr 0.1 from (1, 0)", $"{TourRuns.StopText(stalled)}; ends at {Numbers.Point(stalled.X, 3)}, f = {Numbers.G(stalled.F, 3)}"),
            new("RunDiagnostics on that run", TourRuns.DiagnosticEvidence(stalled)),
            new($"gd lr 0.1 from (1, {Numbers.G(Noise)})", Escape(nudged)),
            new($"momentum lr 0.1 (0.9) from (1, {Numbers.G(Noise)})", Escape(momentum)),
        };
        var eigenvalues = AnalysisAdapters.ToEigenvalues(saddlePoints).Select(e => e with { Label = "x² − y² " + e.Label })
            .Concat(AnalysisAdapters.ToEigenvalues(cubicPoints).Select(e => e with { Label = "x³ " + e.Label })).ToList();
        var figures = new List<ReportFigure>
        {
            context.Draw("eigenvalues", "Hessian eigenvalues at each critical point: mixed signs make a saddle, a zero makes the second-order test silent.",
                EigenvalueFigure.Build("Classifying critical points by their Hessians", eigenvalues,
                    saddlePoints.Concat(cubicPoints).Select(p => p.Curvature.Tolerance).DefaultIfEmpty(1e-8).Max())),
            context.Draw("surface", "x² − y² with the three runs: the unperturbed one slides into the saddle and stops; the perturbed ones fall off it along −y².",
                TourFigures.Surface("Escaping the saddle of x² − y²", saddle, [stalled, nudged, momentum],
                    ["gd from (1, 0)", $"gd from (1, {Numbers.G(Noise)})", $"momentum from (1, {Numbers.G(Noise)})"])),
        };

        bool classified = saddlePoints.Any(p => p.Kind == CriticalPointKind.Saddle) && cubicPoints.Any(p => p.Kind == CriticalPointKind.Degenerate);
        bool stalls = stalled.Stop == StopReason.GradTol && TourRuns.Find(stalled, "saddle") is not null;
        bool escapes = nudged.Stop == StopReason.Target && momentum.Stop == StopReason.Target;
        bool momentumSooner = escapes && momentum.Iterations < nudged.Iterations;
        bool holds = classified && stalls && escapes && momentumSooner;
        string conclusion = holds
            ? $"The Hessians told the points apart (x² − y²: a saddle; x³: degenerate). From (1, 0) gradient descent stopped by its gradient " +
              $"threshold after {stalled.Iterations} iterations right at the saddle, and RunDiagnostics named it a saddle. A nudge of " +
              $"{Numbers.G(Noise)} in y grows by a factor 1.2 per step, so plain descent fell past f = −1 after {nudged.Iterations} iterations; " +
              $"momentum compounds that growth and escaped after {momentum.Iterations}."
            : $"Not as claimed: classified: {Numbers.YesNo(classified)}, stalled at the saddle: {Numbers.YesNo(stalls)}, " +
              $"both perturbed runs escaped: {Numbers.YesNo(escapes)}, momentum sooner: {Numbers.YesNo(momentumSooner)}.";
        return new LessonEvidence(measurements, [table], figures, holds, conclusion);
    }

    private static Box BoxOf(ResolvedFunction function)
    {
        var bounds = TourRuns.Bounds(function);
        return new Box(bounds.Select(b => b.Low).ToArray(), bounds.Select(b => b.High).ToArray());
    }

    private static IReadOnlyList<string> Row(string function, CriticalPoint p) =>
        [function, Numbers.Point(p.X, 3), Numbers.G(p.F, 3), string.Join(", ", p.Curvature.Eigenvalues.Select(e => Numbers.G(e, 3))), Analysis.Curvature.Name(p.Kind)];

    private static string Escape(RunResult run) => run.Stop == StopReason.Target
        ? $"escaped: f ≤ −1 after {run.Iterations} iterations, at {Numbers.Point(run.X, 3)}"
        : $"did not escape: {TourRuns.StopText(run)}";
}
