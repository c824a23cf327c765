using Downhill.Functions;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>The same run under each stopping rule alone: when each fires, and what the gradient says there.</summary>
public sealed class Lesson03StoppingRules : ILesson
{
    private const double Start = -0.8;
    private const string Method = "gd:lr=0.01";

    /// <inheritdoc/>
    public int Number => 3;
    /// <inheritdoc/>
    public string Title => "Stopping rules on the same run";
    /// <inheritdoc/>
    public string Claim =>
        "A stopping rule decides how close a run gets: run the same descent under each rule alone and they fire at " +
        "different iterations, at different distances from the minimum — and the gradient norm, which falls towards 0 " +
        "only near a minimum, is the plot to read.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var parabola = FunctionResolver.Resolve("parabola");
        // A generous cap under every rule, so that a rule that never fires shows up as "max-iter", not as a hang.
        var cap = new MaxIterations(100_000);
        (string Name, StoppingRule Rule)[] rules =
        [
            ("max-iter 50", new MaxIterations(50)),
            ("patience 10, min-delta 1e-4", new Patience(10, 1e-4)),
            ("f-tol 1e-8", new FunctionTolerance(1e-8)),
            ("grad-tol 1e-6", new GradientTolerance(1e-6)),
        ];
        var runs = rules.Select(r => (r.Name, r.Rule, Run: TourRuns.Run(parabola, [Start], Method,
            r.Rule is MaxIterations ? TourRuns.Rules(r.Rule) : TourRuns.Rules(r.Rule, cap)))).ToList();
        // The playground opens on the run that stops by grad-tol, the rule the others are measured against.
        context.Playground([runs[^1].Run]);
        double fStar = parabola.KnownPoints[0].F;

        var table = new EvidenceTable($"{Method} on 3x² − 3x + 4 from x₀ = {Numbers.G(Start)}, one rule at a time",
            ["rule", "fired", "iteration", "f − f*", "‖∇f‖", "|x − x*|"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                r.Name, r.Run.Stop.ToName(), Numbers.N(r.Run.Iterations), Numbers.G(r.Run.F - fStar, 3),
                Numbers.G(r.Run.GradientNorm, 3), Numbers.G(Math.Abs(r.Run.X[0] - 0.5), 3),
            ]).ToList());
        var measurements = runs.Select(r => new Measurement(r.Name, TourRuns.StopText(r.Run))).ToList();
        var figure = context.Draw("rules", "The descent's f (top) and ‖∇f‖ (bottom), with a diamond where each rule, alone, ended it. f flattens early, so f-based rules fire while ‖∇f‖ is still falling; ‖∇f‖ heads to 0 only at a minimum.",
            TourFigures.StoppingPoints("One descent, four stopping rules", runs.MaxBy(r => r.Run.Iterations).Run, Method,
                runs.Select(r => (r.Name, r.Run)).ToList()));

        bool eachFiredItself = runs.All(r => r.Run.Stop == r.Rule.Reason);
        int distinct = runs.Select(r => r.Run.Iterations).Distinct().Count();
        var earliest = runs.MinBy(r => r.Run.Iterations);
        var latest = runs.MaxBy(r => r.Run.Iterations);
        bool holds = eachFiredItself && distinct == runs.Count;
        string conclusion = holds
            ? $"Every rule ended the run itself, each at a different iteration: {earliest.Name} first (iteration {earliest.Run.Iterations}, " +
              $"‖∇f‖ = {Numbers.G(earliest.Run.GradientNorm, 3)}), {latest.Name} last (iteration {latest.Run.Iterations}, " +
              $"‖∇f‖ = {Numbers.G(latest.Run.GradientNorm, 3)}). Only the gradient threshold says how close to a minimum the run is; " +
              "max-iter and patience say only that time or progress ran out."
            : $"Not as claimed: every rule fired itself: {Numbers.YesNo(eachFiredItself)}; distinct stopping iterations: {distinct} of {runs.Count}.";
        return new LessonEvidence(measurements, [table], [figure], holds, conclusion);
    }
}
