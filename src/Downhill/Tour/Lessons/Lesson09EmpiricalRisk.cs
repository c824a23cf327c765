using Downhill.Analysis.Landscapes;
using Downhill.Functions;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>Empirical risk against risk: x·cos(πx) against its noisy version, and training against validation loss on digits.</summary>
public sealed class Lesson09EmpiricalRisk : ILesson
{
    private const string Network = "mlp:32:relu";
    private const string Optimizer = "adam:lr=0.01";

    /// <inheritdoc/>
    public int Number => 9;
    /// <inheritdoc/>
    public string Title => "Empirical risk against risk";
    /// <inheritdoc/>
    public string Claim =>
        "We minimize the loss on the data we have (the empirical risk), not the loss we care about (the risk). The minimizer " +
        "of a noisy version of x·cos(πx) is not the minimizer of x·cos(πx), and its noisy value flatters it; likewise a " +
        "network's training loss understates its validation loss, by a gap that grows as training goes on.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var risk = FunctionResolver.Resolve("xcos");
        var empirical = FunctionResolver.Resolve("xcos-noisy");
        var restarts = RandomRestarts.Run(empirical.Objective, Methods.Parse("lbfgsb"), new RestartOptions
        {
            Starts = context.Size(20, 8),
            Seed = context.Seed,
            Init = new UniformStart(),
            Bounds = TourRuns.Bounds(empirical),
            Run = new RunOptions { Stopping = TourRuns.Rules(new GradientTolerance(1e-10), new MaxIterations(1000), new StepTolerance(0)), FunctionName = empirical.Name },
        });
        // The formula goes on falling outside [−1, 2]: L-BFGS-B keeps every run to the bounds, and the empirical risk
        // minimizer is the best minimum the restarts found there.
        var best = restarts.Best ?? throw new InvalidOperationException("no restart on xcos-noisy converged inside its bounds");
        // The playground shows the best restart's run, kept to the box; the others and the network are commands.
        context.Playground([best]);
        int epochs = context.Size(40, 8);
        context.PlaygroundCannotShow($"the link runs L-BFGS-B, kept to [−1, 2], from where the best of the {Numbers.N(restarts.Runs.Count)} random restarts began; " +
            $"`downhill restarts` runs them all (xcos-noisy, lbfgsb, {Numbers.N(restarts.Runs.Count)} uniform starts in the box, seed {context.Seed}), and the risk " +
            $"beside it is the catalog's xcos. Training {Network} on digits ({Optimizer}, {epochs} epochs of batches of 32, a fifth of the rows held out) is `downhill train`'s.");
        double xHat = best.X[0];
        var trueMinimum = risk.KnownPoints.First(p => p.Kind == PointKind.GlobalMinimum);
        double riskAtXHat = risk.Objective.Value([xHat]);
        double excess = riskAtXHat - trueMinimum.F;

        var data = DatasetCatalog.Load("digits", new DataLocator(), 0.2, (ulong)context.Seed);
        var model = Model.Create(Network, data.Train.FeatureCount, data.Train.ClassCount);
        if (!FirstOrderOptimizers.TryCreate(Spec.Parse(Optimizer, "optimizer"), out var optimizer) || optimizer is null)
            throw new InvalidOperationException($"{Optimizer} is not a first-order optimizer");
        using var trainer = new Trainer(model, optimizer, new TrainingOptions { Stopping = TrainingOptions.StopAfter(epochs), BatchSize = 32, Seed = (ulong)context.Seed });
        var training = trainer.Fit(data);
        var history = training.Epochs;
        var first = history[0];
        var last = history[^1];

        var measurements = new List<Measurement>
        {
            new("minimizer of the empirical risk (xcos-noisy, best of L-BFGS-B restarts in [−1, 2])", $"x̂ = {Numbers.G(xHat, 6)}, noisy f(x̂) = {Numbers.G(best.F, 6)}"),
            new("minimizer of the risk (xcos)", $"x* = {Numbers.G(trueMinimum.X[0], 6)}, f(x*) = {Numbers.G(trueMinimum.F, 6)}"),
            new("risk of x̂", $"f(x̂) = {Numbers.G(riskAtXHat, 6)}: excess risk {Numbers.G(excess, 3)}, {Numbers.G(Math.Abs(xHat - trueMinimum.X[0]), 3)} from x*"),
            new("how much the empirical risk flatters x̂", $"{Numbers.G(riskAtXHat - best.F, 3)}"),
            new($"digits, {Network}, {Optimizer}", $"{data.Train.Count} training rows, {data.Validation?.Count ?? 0} validation rows, {(training.Stop == StopReason.MaxIter ? $"all {history.Count} epochs" : $"stopped after {history.Count} epochs: {training.StopDetail}")}"),
            new("final accuracy (train / validation / test)", $"{Percent(last.TrainAccuracy)} / {Percent(last.ValAccuracy)} / {Percent(training.Test.Accuracy)}"),
        };
        var table = new EvidenceTable("training against validation loss by epoch (the gap is validation minus training)",
            ["epoch", "training loss", "validation loss", "gap"],
            Thinned(history).Select(e => (IReadOnlyList<string>)[Numbers.N(e.Epoch), Numbers.G(e.TrainLoss, 4), Numbers.G(e.ValLoss ?? double.NaN, 4), Numbers.G(e.Gap ?? double.NaN, 3)]).ToList());
        var figures = new List<ReportFigure>
        {
            context.Draw("risk", "The risk x·cos(πx) and the empirical risk with its ripple: their minimizers differ.", RiskFigure(risk, empirical, xHat, trueMinimum.X[0])),
            context.Draw("train-validation", "Training and validation loss by epoch (top); the training batches' mean gradient norm per layer (bottom).",
                EpochFigure(history)),
        };

        bool minimizersDiffer = excess > 0 && best.F < riskAtXHat;
        double firstGap = first.Gap ?? double.NaN, lastGap = last.Gap ?? double.NaN;
        bool gapGrows = lastGap > 0 && lastGap > firstGap;
        bool holds = minimizersDiffer && gapGrows;
        string conclusion = holds
            ? $"The empirical minimizer x̂ = {Numbers.G(xHat, 4)} has risk {Numbers.G(riskAtXHat, 4)}, {Numbers.G(excess, 3)} above the true minimum, " +
              $"while its noisy value promised {Numbers.G(best.F, 4)}. On digits the gap between validation and training loss went from " +
              $"{Numbers.G(firstGap, 3)} after epoch 1{(firstGap < 0 ? " (negative because an epoch's training loss is averaged over its batches, most taken before the weights improved)" : "")} " +
              $"to {Numbers.G(lastGap, 3)} after epoch {last.Epoch}: the training loss keeps falling " +
              "faster than the loss on unseen data. Judge a model on data it was not trained on, and stop when that loss stops improving."
            : $"Not entirely as claimed: the empirical minimizer has excess risk and a flattering noisy value: {Numbers.YesNo(minimizersDiffer)} " +
              $"(excess {Numbers.G(excess, 3)}); the validation gap grew: {Numbers.YesNo(gapGrows)} ({Numbers.G(firstGap, 3)} → {Numbers.G(lastGap, 3)}" +
              $"{(context.Quick ? ", in the quick tour's few epochs" : "")}).";
        return new LessonEvidence(measurements, [table], figures, holds, conclusion);
    }

    private static string Percent(double? share) => share is { } s ? Numbers.Percent(s) : "—";

    /// <summary>At most about ten rows: every k-th epoch and the last.</summary>
    private static IEnumerable<EpochRecord> Thinned(IReadOnlyList<EpochRecord> history)
    {
        int stride = Math.Max(1, (int)Math.Ceiling(history.Count / 10.0));
        return history.Where((e, k) => k % stride == 0 || k == history.Count - 1);
    }

    /// <summary>The loss figure by epoch: training and validation loss over the training gradient norm (validation has none).</summary>
    private static Figure EpochFigure(IReadOnlyList<EpochRecord> history)
    {
        var figure = LossFigure.Build($"digits, {Network}: training against validation",
        [
            new LossCurve("training loss", history.Select(e => new LossPoint(e.Epoch, e.TrainLoss, e.LayerGradientNorms.DefaultIfEmpty(double.NaN).Average())).ToList()),
            new LossCurve("validation loss", history.Select(e => new LossPoint(e.Epoch, e.ValLoss ?? double.NaN, double.NaN)).ToList()),
        ]);
        var (loss, gradient) = (figure.Panels[0], figure.Panels[1]);
        return figure with
        {
            Panels =
            [
                loss with { X = loss.X with { Label = "epoch" } },
                gradient with
                {
                    X = gradient.X with { Label = "epoch" },
                    Y = gradient.Y with { Label = "mean ‖∇‖ per layer" },
                    Marks = gradient.Marks.Where(m => m is not LineMark line || line.Points.Any(p => double.IsFinite(p.Y))).ToList(),
                },
            ],
        };
    }

    private static Figure RiskFigure(ResolvedFunction risk, ResolvedFunction empirical, double xHat, double xStar)
    {
        const int samples = 400;
        var xs = Enumerable.Range(0, samples + 1).Select(k => -1 + 3.0 * k / samples).ToArray();
        var riskCurve = xs.Select(x => (x, risk.Objective.Value([x]))).ToList();
        var empiricalCurve = xs.Select(x => (x, empirical.Objective.Value([x]))).ToList();
        var marks = new List<Mark>
        {
            new LineMark(riskCurve, Palette.Category(0)) { Label = "risk: x·cos(πx)", Width = 2.2 },
            new LineMark(empiricalCurve, Palette.Category(1)) { Label = "empirical risk: x·cos(πx) + 0.2·cos(5πx)", Width = 1.6 },
            new ScatterMark([(xHat, empirical.Objective.Value([xHat]))], Styles.End, Palette.Category(1)) { Label = "x̂ on the empirical risk", Size = 10, Stroke = Rgb.Black },
            new ScatterMark([(xHat, risk.Objective.Value([xHat]))], Styles.End, Palette.Category(0)) { Label = "x̂ on the risk", Size = 10, Stroke = Rgb.Black },
            new ScatterMark([(xStar, risk.Objective.Value([xStar]))], Styles.KnownMinimum, Palette.Category(4)) { Label = "x*, the risk's minimizer", Size = 14, Stroke = Rgb.Black },
        };
        var all = riskCurve.Concat(empiricalCurve).Select(p => p.Item2);
        return new Figure("Empirical risk against risk", [new Panel(new Axis("x", -1, 2), Axis.Fit("f(x)", all), marks)]);
    }
}
