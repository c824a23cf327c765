using Downhill.Functions;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>Gradient descent on 3x² − 3x + 4: steps shrink with the slope and stop close to, not at, x* = 0.5.</summary>
public sealed class Lesson01GradientDescent : ILesson
{
    private const double LearningRate = 0.05;
    private const double Start = -0.8;
    private const double Tolerance = 1e-3;

    /// <inheritdoc/>
    public int Number => 1;
    /// <inheritdoc/>
    public string Title => "Gradient descent on a parabola";
    /// <inheritdoc/>
    public string Claim =>
        "Gradient descent, x ← x − lr·f′(x), walks downhill in steps proportional to the slope: the steps shrink as f′ " +
        "flattens, and the run stops close to the exact minimum x* = 0.5 of 3x² − 3x + 4 — close, not exactly on it.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var parabola = FunctionResolver.Resolve("parabola");
        var run = TourRuns.Run(parabola, [Start], $"gd:lr={LearningRate}",
            TourRuns.Rules(new GradientTolerance(Tolerance), new MaxIterations(1000)));
        context.Playground([run]);
        double exact = parabola.KnownPoints[0].X[0];
        double fExact = parabola.KnownPoints[0].F;
        double x = run.X[0];
        double firstStep = Math.Abs(run.Trace[1].X[0] - run.Trace[0].X[0]);
        double lastStep = Math.Abs(run.Trace[^1].X[0] - run.Trace[^2].X[0]);
        bool fFalls = run.Trace.Zip(run.Trace.Skip(1)).All(p => p.Second.F <= p.First.F);
        double error = Math.Abs(x - exact);

        var measurements = new List<Measurement>
        {
            new("start, learning rate", $"x₀ = {Numbers.G(Start)}, lr = {Numbers.G(LearningRate)}"),
            new("stopped", TourRuns.StopText(run)),
            new("empirical minimum x", Numbers.G(x, 8)),
            new("|x − x*| (x* = 0.5 exactly)", Numbers.G(error, 3)),
            new("f(x) − f(x*) (f(x*) = 3.25)", Numbers.G(run.F - fExact, 3)),
            new("first step, last step", $"{Numbers.G(firstStep, 3)}, {Numbers.G(lastStep, 3)}"),
            new("f fell at every step", Numbers.YesNo(fFalls)),
        };
        var figure = context.Draw("steps", "The steps on the curve (top) and on its derivative (bottom): each step is lr·f′(x), so the steps shrink as f′ → 0.",
            TourFigures.Curve("3x² − 3x + 4", parabola, (-1, 2), run, $"gd:lr={Numbers.G(LearningRate)}", exact));

        bool holds = run.Stop.IsConverged() && fFalls && error > 0 && error < 1e-2 && lastStep < firstStep;
        string conclusion = holds
            ? $"After {run.Iterations} steps, each smaller than the last (from {Numbers.G(firstStep, 3)} down to {Numbers.G(lastStep, 3)}), " +
              $"the run stopped at x = {Numbers.G(x, 8)}: {Numbers.G(error, 3)} from the exact minimum — the gradient threshold " +
              $"{Numbers.G(Tolerance)} decides how close, and no finite run lands exactly on 0.5."
            : $"The run did not behave as claimed: it stopped by {run.Stop.ToName()} at x = {Numbers.G(x, 8)}, {Numbers.G(error, 3)} from x* " +
              $"(f fell at every step: {Numbers.YesNo(fFalls)}).";
        return new LessonEvidence(measurements, [], [figure], holds, conclusion);
    }
}
