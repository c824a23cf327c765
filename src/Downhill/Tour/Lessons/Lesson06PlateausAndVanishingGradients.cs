using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>Easom's plateau and tanh's saturation: where the gradient vanishes, gradient descent stops or crawls far from any minimum.</summary>
public sealed class Lesson06PlateausAndVanishingGradients : ILesson
{
    public int Number => 6;
    public string Title => "Plateaus and vanishing gradients";
    public string Claim =>
        "Where f is nearly flat the gradient is nearly zero, so gradient descent stops or crawls although no minimum is " +
        "near: from far out on Easom's plateau the gradient is below any sensible threshold and the run stops at f ≈ 0, far " +
        "from the minimum −1; closer in, the run crosses a long plateau before it falls; and tanh, from x = 4, barely moves.";

    public LessonEvidence Run(LessonContext context)
    {
        var easom = FunctionResolver.Resolve("easom");
        var tanh = FunctionResolver.Resolve("tanh");
        var rules = TourRuns.Rules(new GradientTolerance(1e-8), new MaxIterations(context.Size(2000, 1000)));
        var far = TourRuns.Run(easom, [Math.PI + 3.5, Math.PI + 3.5], "gd:lr=0.5", rules);
        var plateau = TourRuns.Run(easom, [Math.PI + 1.5, Math.PI + 1.5], "gd:lr=0.5", rules);
        var saturated = TourRuns.Run(tanh, [4], "gd:lr=0.1", TourRuns.Rules(new GradientTolerance(1e-8), new MaxIterations(500)));
        var minimum = easom.KnownPoints[0];

        var measurements = new List<Measurement>
        {
            new("easom, gd lr 0.5 from (π+3.5, π+3.5)", $"‖∇f‖ = {Numbers.G(far.Trace[0].GradientNorm, 3)} at the start; {TourRuns.StopText(far)}; " +
                $"f = {Numbers.G(far.F, 3)}, {Numbers.G(Vectors.Distance(far.X, minimum.X), 3)} from the minimum (f = −1)"),
            new("  RunDiagnostics", TourRuns.DiagnosticEvidence(far)),
            new("easom, gd lr 0.5 from (π+1.5, π+1.5)", $"{TourRuns.StopText(plateau)}; f = {Numbers.G(plateau.F, 6)}"),
            new("  RunDiagnostics", TourRuns.DiagnosticEvidence(plateau)),
            new("tanh, gd lr 0.1 from x = 4", $"{TourRuns.StopText(saturated)}; x moved from 4 to {Numbers.G(saturated.X[0], 6)}, ‖∇f‖ = {Numbers.G(saturated.GradientNorm, 3)}"),
            new("  RunDiagnostics", TourRuns.DiagnosticEvidence(saturated)),
        };
        var figures = new List<ReportFigure>
        {
            context.Draw("loss", "Loss and gradient norm of the Easom run that crosses the plateau: ‖∇f‖ stays tiny for a long stretch, then the run falls into the needle.",
                TourFigures.Loss("Crossing Easom's plateau", [plateau], ["gd:lr=0.5 from (π+1.5, π+1.5)"])),
            context.Draw("tanh", "tanh from x = 4: f′ = 1 − tanh² ≈ 1e-3 there, so the steps are too small to see.",
                TourFigures.Curve("tanh(x)", tanh, (-3, 5), saturated, "gd:lr=0.1")),
        };

        bool farStops = far.Stop == StopReason.GradTol && Math.Abs(far.F) < 1e-6 && TourRuns.Find(far, "vanishing-gradient") is not null;
        bool crossed = TourRuns.Find(plateau, "plateau") is not null && plateau.F < -0.9;
        bool crawls = saturated.X[0] > 3 && TourRuns.Find(saturated, "vanishing-gradient") is not null;
        bool holds = farStops && crossed && crawls;
        string conclusion = holds
            ? $"From far out the gradient ({Numbers.G(far.Trace[0].GradientNorm, 3)}) was already below the threshold, so the run stopped at once at f = " +
              $"{Numbers.G(far.F, 3)} — a converged-looking run {Numbers.G(Vectors.Distance(far.X, minimum.X), 3)} away from the minimum. " +
              $"Closer in, the run did reach f = {Numbers.G(plateau.F, 4)}, but only after the plateau RunDiagnostics measured; tanh moved only " +
              $"{Numbers.G(4 - saturated.X[0], 3)} in {saturated.Iterations} steps. A small gradient means flat, not minimal: check f, and the curvature."
            : $"Not as claimed: far run stopped at f ≈ 0 with a vanishing gradient: {Numbers.YesNo(farStops)}; plateau found and crossed: " +
              $"{Numbers.YesNo(crossed)}; tanh crawled with a vanishing gradient: {Numbers.YesNo(crawls)}.";
        return new LessonEvidence(measurements, [], figures, holds, conclusion);
    }
}
