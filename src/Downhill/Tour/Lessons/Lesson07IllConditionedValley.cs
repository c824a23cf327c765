using System.Globalization;
using Downhill.Analysis;
using Downhill.Functions;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>The valley ½(x² + 50y²): gradient descent zig-zags, momentum and Adam do better, Newton solves it in one step.</summary>
public sealed class Lesson07IllConditionedValley : ILesson
{
    private const double Kappa = 50;
    private const double TargetF = 1e-8;
    private static readonly double[] Start = [-1.8, 0.6];

    /// <inheritdoc/>
    public int Number => 7;
    /// <inheritdoc/>
    public string Title => "The ill-conditioned valley";
    /// <inheritdoc/>
    public string Claim =>
        "In the valley ½(x² + 50y²) the curvature across (50) is 50 times the curvature along (1). Gradient descent needs " +
        "lr < 2/50 to stay stable across, so it crawls along and zig-zags across; momentum and Adam reach the bottom in " +
        "fewer iterations, and Newton's method, which divides by the curvature, solves a quadratic in one step with no learning rate.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var valley = FunctionResolver.Resolve(string.Create(CultureInfo.InvariantCulture, $"valley:kappa={Kappa}"));
        // The learning rates come from the Hessian, measured, not from the formula.
        var hessian = new double[4];
        valley.Objective.ValueGradientHessian(Start, new double[2], hessian);
        var curvature = Analysis.Curvature.Of(hessian, 2);
        double mu = curvature.Eigenvalues[0], lipschitz = curvature.Eigenvalues[^1];
        double gdRate = 0.9 * 2 / lipschitz;
        // Polyak's heavy-ball settings for a quadratic with curvatures in [μ, L].
        double ballRate = 4 / Math.Pow(Math.Sqrt(lipschitz) + Math.Sqrt(mu), 2);
        double ballMomentum = Math.Pow((Math.Sqrt(lipschitz) - Math.Sqrt(mu)) / (Math.Sqrt(lipschitz) + Math.Sqrt(mu)), 2);
        string[] methods =
        [
            Spec("gd:lr={0:G4}", gdRate),
            Spec("momentum:lr={0:G4},momentum={1:G4}", ballRate, ballMomentum),
            "adam:lr=0.1",
            "newton",
        ];
        var rules = TourRuns.Rules(new Target(TargetF), new GradientTolerance(1e-12), new MaxIterations(context.Size(5000, 2000)));
        var runs = methods.Select(m => TourRuns.Run(valley, Start, m, rules)).ToList();
        context.Playground(runs);

        var table = new EvidenceTable($"from {Numbers.Point(Start)} until f ≤ {Numbers.G(TargetF)}",
            ["method", "stop", "iterations", "final f", "diagnostics"],
            runs.Select((r, k) => (IReadOnlyList<string>)[methods[k], r.Stop.ToName(), Numbers.N(r.Iterations), Numbers.G(r.F, 3), TourRuns.DiagnosticNames(r)]).ToList());
        var gd = runs[0];
        var zigzag = TourRuns.Find(gd, "zigzag");
        var measurements = new List<Measurement>
        {
            new("Hessian eigenvalues (measured)", $"{Numbers.G(mu)} and {Numbers.G(lipschitz)}: condition number {Numbers.G(curvature.ConditionNumber)}"),
            new("gradient descent learning rate", $"0.9 · 2/λmax = {Numbers.G(gdRate)}"),
            new("heavy-ball settings", $"lr = 4/(√L + √μ)² = {Numbers.G(ballRate)}, momentum = ((√L − √μ)/(√L + √μ))² = {Numbers.G(ballMomentum)}"),
            new("RunDiagnostics on gradient descent", zigzag is null ? "no zigzag found" : $"zigzag: {zigzag.Evidence}"),
        };
        var figures = new List<ReportFigure>
        {
            context.Draw("paths", "The four paths on the valley's contours: gradient descent bounces across before it creeps along; Newton jumps straight to the minimum.",
                TourFigures.Contour($"valley κ = {Numbers.G(Kappa)}: four methods", valley, runs, methods,
                    [new CriticalPointMark([0, 0], "minimum")])),
            context.Draw("loss", "f and ‖∇f‖ by iteration for the four methods.",
                TourFigures.Loss("The valley: loss by iteration", runs, methods)),
        };

        var (momentum, adam, newton) = (runs[1], runs[2], runs[3]);
        bool reached(RunResult r) => r.Stop is StopReason.Target or StopReason.GradTol;
        bool gdZigzags = zigzag is not null && reached(gd);
        bool momentumBetter = reached(momentum) && momentum.Iterations < gd.Iterations;
        bool adamBetter = reached(adam) && adam.Iterations < gd.Iterations;
        bool newtonOneStep = reached(newton) && newton.Iterations == 1;
        bool holds = gdZigzags && momentumBetter && adamBetter && newtonOneStep;
        string conclusion = holds
            ? $"Gradient descent needed {gd.Iterations} iterations and RunDiagnostics caught it zig-zagging; heavy-ball momentum needed " +
              $"{momentum.Iterations} and Adam {adam.Iterations}; Newton reached f = {Numbers.G(newton.F, 3)} in one step with no learning rate at all. " +
              "The fix for ill-conditioning is to account for curvature: remember past steps (momentum), rescale each coordinate (Adam), or divide by the Hessian (Newton)."
            : $"Not entirely as claimed: gd zig-zagged and reached the target: {Numbers.YesNo(gdZigzags)} ({gd.Iterations} iterations); " +
              $"momentum fewer iterations: {Numbers.YesNo(momentumBetter)} ({momentum.Stop.ToName()}, {momentum.Iterations}); " +
              $"Adam fewer: {Numbers.YesNo(adamBetter)} ({adam.Stop.ToName()}, {adam.Iterations}); Newton in one step: {Numbers.YesNo(newtonOneStep)} ({newton.Iterations}).";
        return new LessonEvidence(measurements, [table], figures, holds, conclusion);
    }

    private static string Spec(string format, params object[] values) => string.Format(CultureInfo.InvariantCulture, format, values);
}
