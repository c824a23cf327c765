using System.Globalization;
using Downhill.Analysis.Sweeps;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.IO;

namespace Downhill.Tour.Lessons;

/// <summary>The learning rate over powers of ten on the parabola: too small crawls, too large diverges.</summary>
public sealed class Lesson02LearningRate : ILesson
{
    private const double Start = -0.8;
    private const double Tolerance = 1e-6;

    /// <inheritdoc/>
    public int Number => 2;
    /// <inheritdoc/>
    public string Title => "The learning rate over powers of ten";
    /// <inheritdoc/>
    public string Claim =>
        "On 3x² − 3x + 4 (f″ = 6) a learning rate that is too small crawls and runs out of iterations, one that is too " +
        "large diverges, and gradient descent is stable exactly when lr < 2/f″ = 1/3 — so the largest stable power of ten is 0.1.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var parabola = FunctionResolver.Resolve("parabola");
        int budget = context.Size(200, 100);
        var rules = TourRuns.Rules(new GradientTolerance(Tolerance), new MaxIterations(budget));
        var rates = new SweepAxis("lr", [1e-4, 1e-3, 1e-2, 1e-1, 1, 10]);
        var gd = Methods.Parse("gd");
        var sweep = Sweep.Run(parabola.Objective, [Start], [rates], gd, new RunOptions { Stopping = rules });
        // Either side of the predicted limit 1/3: the sweep's powers of ten cannot say where between 0.1 and 1 it lies.
        var bracket = Sweep.Run(parabola.Objective, [Start], [new SweepAxis("lr", [0.3, 0.36])], gd,
            new RunOptions { Stopping = rules });

        // In the playground: one gd per learning rate tried, racing from the same start.
        context.Playground([.. sweep.Runs.Concat(bracket.Runs).OrderBy(r => r.Settings[0].Value).Select(r => r.Run with { Function = parabola.Name })]);
        var rows = sweep.Runs.Concat(bracket.Runs).OrderBy(r => r.Settings[0].Value).Select(r => (IReadOnlyList<string>)
        [
            Numbers.G(r.Settings[0].Value), r.Run.Stop.ToName(), Numbers.N(r.Run.Iterations),
            Numbers.G(r.Run.F, 6), r.Stable ? "stable" : "unstable",
        ]).ToList();
        var table = new EvidenceTable($"gradient descent from x₀ = {Numbers.G(Start)}, at most {budget} iterations, grad-tol {Numbers.G(Tolerance)}",
            ["lr", "stop", "iterations", "final f", "verdict"], rows);

        var smallest = sweep.Runs[0];
        var largest = sweep.Runs[^1];
        double? stable = sweep.LargestStableLearningRate;
        bool belowLimit = bracket.Runs[0].Stable, aboveLimit = !bracket.Runs[1].Stable;
        var measurements = new List<Measurement>
        {
            new("smallest lr (1e-4)", $"{smallest.Run.Stop.ToName()} after {smallest.Run.Iterations} iterations, f = {Numbers.G(smallest.Run.F, 6)} (minimum 3.25)"),
            new("largest lr (10)", $"{largest.Run.Stop.ToName()} at iteration {largest.Run.Iterations}"),
            new("largest stable power of ten", stable is { } s ? Numbers.G(s) : "none"),
            new("predicted stability limit 2/f″", Numbers.G(1.0 / 3)),
            new("lr = 0.3 (just below) / 0.36 (just above)", $"{Describe(bracket.Runs[0])} / {Describe(bracket.Runs[1])}"),
        };
        var figure = context.Draw("sweep", "Final f against learning rate (log axis); × marks a diverged run.",
            SweepFigure.Build("Gradient descent on 3x² − 3x + 4: final f by learning rate",
                [new SweepSeries("gd", sweep.Runs.Concat(bracket.Runs).Select(r => RunAdapters.ToSweepPoint(r.Run, r.Settings[0].Value)).ToList())]));

        bool crawls = smallest.Run.Stop == StopReason.MaxIter && smallest.Run.F - 3.25 > 1e-3;
        bool diverges = largest.Run.Stop == StopReason.Diverged;
        bool holds = crawls && diverges && stable == 0.1 && belowLimit && aboveLimit;
        string conclusion = holds
            ? $"lr = 1e-4 used all {budget} iterations and still ended {Numbers.G(smallest.Run.F - 3.25, 3)} above the minimum; lr = 10 " +
              $"diverged after {largest.Run.Iterations} iterations. The largest stable power of ten was 0.1, and the bracket around 1/3 " +
              "agrees with the theory: 0.3 converged, 0.36 diverged. Sweep powers of ten first, then refine between the last stable and the first unstable rate."
            : $"The sweep did not match the claim: smallest rate crawled: {Numbers.YesNo(crawls)}, largest diverged: {Numbers.YesNo(diverges)}, " +
              $"largest stable power of ten: {(stable is { } v ? Numbers.G(v) : "none")}, 0.3 stable: {Numbers.YesNo(belowLimit)}, 0.36 unstable: {Numbers.YesNo(aboveLimit)}.";
        return new LessonEvidence(measurements, [table], [figure], holds, conclusion);
    }

    private static string Describe(SweepRun run) => $"{run.Run.Stop.ToName()} after {run.Run.Iterations} iterations";
}
