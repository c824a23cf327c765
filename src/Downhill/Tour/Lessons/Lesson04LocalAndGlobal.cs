using Downhill.Analysis.Landscapes;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>x·cos(πx) on [−1, 2]: the start decides which minimum gradient descent finds; random restarts find the global one.</summary>
public sealed class Lesson04LocalAndGlobal : ILesson
{
    private const string Method = "gd:lr=0.05";
    private static readonly double[] Starts = [-0.8, 0.5];

    /// <inheritdoc/>
    public int Number => 4;
    /// <inheritdoc/>
    public string Title => "Local against global minimum";
    /// <inheritdoc/>
    public string Claim =>
        "On x·cos(πx) over [−1, 2] gradient descent ends in the minimum whose basin it starts in, so two starts reach " +
        "different minima; restarting from random points in the bounds and keeping the best finds the global minimum.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var xcos = FunctionResolver.Resolve("xcos");
        var rules = TourRuns.Rules(new GradientTolerance(1e-8), new MaxIterations(5000));
        var global = xcos.KnownPoints.First(p => p.Kind == PointKind.GlobalMinimum);
        var local = xcos.KnownPoints.First(p => p.Kind == PointKind.LocalMinimum);
        var runs = Starts.Select(s => TourRuns.Run(xcos, [s], Method, rules)).ToList();
        context.Playground(runs);

        var measurements = new List<Measurement>
        {
            new("known minima", $"global x = {Numbers.G(global.X[0], 6)} (f = {Numbers.G(global.F, 6)}), local x = {Numbers.G(local.X[0], 6)} (f = {Numbers.G(local.F, 6)})"),
        };
        foreach (var run in runs)
            measurements.Add(new Measurement($"{Method} from x₀ = {Numbers.G(run.Start[0])}",
                $"x = {Numbers.G(run.X[0], 6)}, f = {Numbers.G(run.F, 6)}: the {Reached(run, global, local)} minimum ({run.Stop.ToName()}, {run.Iterations} iterations)"));

        int starts = context.Size(40, 12);
        var restarts = RandomRestarts.Run(xcos.Objective, Methods.Parse(Method), new RestartOptions
        {
            Starts = starts,
            Seed = context.Seed,
            Init = new UniformStart(),
            Bounds = TourRuns.Bounds(xcos),
            Run = new RunOptions { Stopping = rules },
        });
        var best = restarts.Best;
        int toGlobal = restarts.Runs.Count(r => Math.Abs(r.X[0] - global.X[0]) < 1e-4);
        measurements.Add(new Measurement($"{starts} random restarts (uniform in [−1, 2])",
            $"{toGlobal} reached the global minimum, {restarts.Runs.Count(r => Math.Abs(r.X[0] - local.X[0]) < 1e-4)} the local one, {restarts.Failed} neither"));
        measurements.Add(new Measurement("best of the restarts", best is null ? "none converged" : $"x = {Numbers.G(best.X[0], 6)}, f = {Numbers.G(best.F, 6)}"));

        var figures = runs.Select((run, k) => context.Draw($"start{k + 1}",
            $"From x₀ = {Numbers.G(run.Start[0])} the descent ends in the {Reached(run, global, local)} minimum.",
            TourFigures.Curve("x·cos(πx)", xcos, (-1, 2), run, Method, global.X[0]))).ToList();
        figures.Add(context.Draw("restarts", "How many of the random restarts reached each minimum (left), and every restart's final f (right).",
            RestartFigure.Build($"{starts} random restarts of {Method} on x·cos(πx)",
                restarts.Labels.Select((label, k) => new RestartOutcome(restarts.Runs[k].F, label)).ToList(),
                restarts.Minima.Select(m => new BasinMinimum(m.X[0], 0, m.F)).ToList())));

        bool differ = Reached(runs[0], global, local) != Reached(runs[1], global, local);
        bool restartsFindGlobal = best is not null && Math.Abs(best.X[0] - global.X[0]) < 1e-4;
        bool holds = differ && restartsFindGlobal;
        string conclusion = holds
            ? $"The start decided: from {Numbers.G(runs[0].Start[0])} the run settled in the {Reached(runs[0], global, local)} minimum " +
              $"(f = {Numbers.G(runs[0].F, 4)}), from {Numbers.G(runs[1].Start[0])} in the {Reached(runs[1], global, local)} one " +
              $"(f = {Numbers.G(runs[1].F, 4)}). {toGlobal} of {starts} random starts ({Numbers.Percent((double)toGlobal / starts)}) landed in the " +
              "global basin, so keeping the best of a handful of restarts finds the global minimum almost surely."
            : $"Not as claimed: the two starts reached different minima: {Numbers.YesNo(differ)}; the best restart is the global minimum: {Numbers.YesNo(restartsFindGlobal)}.";
        return new LessonEvidence(measurements, [], figures, holds, conclusion);
    }

    private static string Reached(RunResult run, KnownPoint global, KnownPoint local) =>
        Math.Abs(run.X[0] - global.X[0]) < 1e-4 ? "global"
        : Math.Abs(run.X[0] - local.X[0]) < 1e-4 ? "local"
        : "neither";
}
