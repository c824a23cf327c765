using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>
/// Easom's plateau and tanh's saturation: where the gradient vanishes, gradient descent stops or crawls far from any
/// minimum; and the opposite failure, a gradient that explodes where f is steep, tamed by clipping its norm.
/// </summary>
public sealed class Lesson06VanishingAndExplodingGradients : ILesson
{
    /// <inheritdoc/>
    public int Number => 6;
    /// <inheritdoc/>
    public string Title => "Vanishing and exploding gradients";

    /// <summary>A bowl with steep quartic walls: curvature 2 at its minimum, but ∇f grows like 0.4·x³ out on the walls.</summary>
    private const string SteepBowl = "x^2 + y^2 + 0.1*(x^4 + y^4)";
    /// <inheritdoc/>
    public string Claim =>
        "Where f is nearly flat the gradient is nearly zero, so gradient descent stops or crawls although no minimum is " +
        "near: from far out on Easom's plateau the gradient is below any sensible threshold and the run stops at f ≈ 0, far " +
        "from the minimum −1; closer in, the run crosses a long plateau before it falls; and tanh, from x = 4, barely moves. " +
        "The opposite failure: where f is steep the gradient explodes, and a learning rate that converges near the minimum " +
        "throws the run out and it diverges; clipping the gradient's norm before each step (torch's clip_grad_norm_) " +
        "tames it, and the same learning rate converges.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var easom = FunctionResolver.Resolve("easom");
        var tanh = FunctionResolver.Resolve("tanh");
        var rules = TourRuns.Rules(new GradientTolerance(1e-8), new MaxIterations(context.Size(2000, 1000)));
        var far = TourRuns.Run(easom, [Math.PI + 3.5, Math.PI + 3.5], "gd:lr=0.5", rules);
        var plateau = TourRuns.Run(easom, [Math.PI + 1.5, Math.PI + 1.5], "gd:lr=0.5", rules);
        var saturated = TourRuns.Run(tanh, [4], "gd:lr=0.1", TourRuns.Rules(new GradientTolerance(1e-8), new MaxIterations(500)));
        var minimum = easom.KnownPoints[0];
        var steep = FunctionResolver.Resolve(SteepBowl, 2);
        var steepRules = TourRuns.Rules(new GradientTolerance(1e-8), new MaxIterations(1000));
        var gd = (FirstOrderMethod)Methods.Parse("gd:lr=0.3");
        var exploding = TourRuns.Run(steep, [5, -4], gd, steepRules);
        var clipped = TourRuns.Run(steep, [5, -4], gd.WithClipping(GradientClipping.ByNorm(1)), steepRules);
        // The playground opens on the run that blows up: its learning-rate slider shows where divergence begins.
        context.Playground([exploding]);

        var measurements = new List<Measurement>
        {
            new("easom, gd lr 0.5 from (π+3.5, π+3.5)", $"‖∇f‖ = {Numbers.G(far.Trace[0].GradientNorm, 3)} at the start; {TourRuns.StopText(far)}; " +
                $"f = {Numbers.G(far.F, 3)}, {Numbers.G(Vectors.Distance(far.X, minimum.X), 3)} from the minimum (f = −1)"),
            new("  RunDiagnostics", TourRuns.DiagnosticEvidence(far)),
            new("easom, gd lr 0.5 from (π+1.5, π+1.5)", $"{TourRuns.StopText(plateau)}; f = {Numbers.G(plateau.F, 6)}"),
            new("  RunDiagnostics", TourRuns.DiagnosticEvidence(plateau)),
            new("tanh, gd lr 0.1 from x = 4", $"{TourRuns.StopText(saturated)}; x moved from 4 to {Numbers.G(saturated.X[0], 6)}, ‖∇f‖ = {Numbers.G(saturated.GradientNorm, 3)}"),
            new("  RunDiagnostics", TourRuns.DiagnosticEvidence(saturated)),
            new($"{SteepBowl}, gd lr 0.3 from (5, −4)", $"‖∇f‖ = {Numbers.G(exploding.Trace[0].GradientNorm, 3)} at the start; {TourRuns.StopText(exploding)}"),
            new("  same, gradient clipped to ‖∇f‖ ≤ 1", $"{TourRuns.StopText(clipped)}; {clipped.ClippedSteps} of {clipped.Iterations} steps clipped; f = {Numbers.G(clipped.F, 3)}"),
        };
        var figures = new List<ReportFigure>
        {
            context.Draw("loss", "Loss and gradient norm of the Easom run that crosses the plateau: ‖∇f‖ stays tiny for a long stretch, then the run falls into the needle.",
                TourFigures.Loss("Crossing Easom's plateau", [plateau], ["gd:lr=0.5 from (π+1.5, π+1.5)"])),
            context.Draw("tanh", "tanh from x = 4: f′ = 1 − tanh² ≈ 1e-3 there, so the steps are too small to see.",
                TourFigures.Curve("tanh(x)", tanh, (-3, 5), saturated, "gd:lr=0.1")),
            context.Draw("clipping", $"{SteepBowl} from (5, −4) with gd at lr 0.3: the raw gradient throws the run up the quartic wall and it diverges; clipped to norm 1, the same lr walks down and converges.",
                TourFigures.Loss("Exploding gradients, clipped", [exploding, clipped], ["gd:lr=0.3", "gd:lr=0.3, clip-grad-norm 1"])),
        };

        bool farStops = far.Stop == StopReason.GradTol && Math.Abs(far.F) < 1e-6 && TourRuns.Find(far, "vanishing-gradient") is not null;
        bool crossed = TourRuns.Find(plateau, "plateau") is not null && plateau.F < -0.9;
        bool crawls = saturated.X[0] > 3 && TourRuns.Find(saturated, "vanishing-gradient") is not null;
        bool tamed = exploding.Stop == StopReason.Diverged && clipped.Stop == StopReason.GradTol && clipped.ClippedSteps > 0;
        bool holds = farStops && crossed && crawls && tamed;
        string conclusion = holds
            ? $"From far out the gradient ({Numbers.G(far.Trace[0].GradientNorm, 3)}) was already below the threshold, so the run stopped at once at f = " +
              $"{Numbers.G(far.F, 3)} — a converged-looking run {Numbers.G(Vectors.Distance(far.X, minimum.X), 3)} away from the minimum. " +
              $"Closer in, the run did reach f = {Numbers.G(plateau.F, 4)}, but only after the plateau RunDiagnostics measured; tanh moved only " +
              $"{Numbers.G(4 - saturated.X[0], 3)} in {saturated.Iterations} steps. A small gradient means flat, not minimal: check f, and the curvature. " +
              $"On the steep bowl the first gradient ({Numbers.G(exploding.Trace[0].GradientNorm, 3)}) threw gd out and it diverged by iteration {exploding.Iterations}; " +
              $"with the gradient clipped to norm 1 the same lr 0.3 converged in {clipped.Iterations} steps, {clipped.ClippedSteps} of them clipped: " +
              "clipping bounds the step where the gradient is huge and leaves it alone near the minimum."
            : $"Not as claimed: far run stopped at f ≈ 0 with a vanishing gradient: {Numbers.YesNo(farStops)}; plateau found and crossed: " +
              $"{Numbers.YesNo(crossed)}; tanh crawled with a vanishing gradient: {Numbers.YesNo(crawls)}; the steep bowl diverged unclipped " +
              $"and converged clipped: {Numbers.YesNo(tamed)}.";
        return new LessonEvidence(measurements, [], figures, holds, conclusion);
    }
}
