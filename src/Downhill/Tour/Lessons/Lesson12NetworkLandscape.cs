using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Slices;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Specs;

namespace Downhill.Tour.Lessons;

/// <summary>
/// Lesson 11's question on a real network: a small MLP on digits, its whole Hessian spectrum on a seeded share of the
/// rows (assembled from exact products and decomposed densely) at the initial weights and after full-batch gradient descent, λmax against 2/lr,
/// and a filter-normalized 2-D slice around the trained weights.
/// </summary>
public sealed class Lesson12NetworkLandscape : ILesson
{
    private const double LearningRate = 0.5;

    /// <inheritdoc/>
    public int Number => 12;
    /// <inheritdoc/>
    public string Title => "A real network's landscape";
    /// <inheritdoc/>
    public string Claim =>
        "Lesson 11's question on a real network: a small MLP's Hessian is a bulk of eigenvalues near 0 with a few large " +
        "outliers. At its initial weights many eigenvalues are clearly negative (below −λmax/100): a saddle, not a minimum. " +
        $"After training by plain gradient descent (lr = {LearningRate}) almost none are, the negative ones left being tiny, " +
        "λmax is at most about the 2/lr that plain gradient descent needs for stability, and a 2-D slice around the trained " +
        "weights is a basin with them at its bottom.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        ulong seed = (ulong)context.Seed;
        var data = DatasetCatalog.Load("digits", new DataLocator(), 0, seed);
        string network = context.Size("mlp:5", "mlp:2");
        var model = Model.Create(network, data.Train.FeatureCount, data.Train.ClassCount);
        if (!FirstOrderOptimizers.TryCreate(Spec.Parse($"sgd:lr={LearningRate}", "optimizer"), out var gd) || gd is null)
            throw new InvalidOperationException("sgd is not a first-order optimizer");
        int steps = context.Size(250, 60);
        var options = new TrainingOptions { Stopping = TrainingOptions.StopAfter(steps), BatchSize = data.Train.Count, Seed = seed };
        using var trainer = new Trainer(model, gd, options);
        trainer.Initialize();
        // The curvature is measured on a seeded share of the training rows, which keeps the lesson to a second or two.
        int[] order = Enumerable.Range(0, data.Train.Count).ToArray();
        new Running.SeededRandom(seed ^ 0x12).Shuffle(order);
        var rows = data.Train.Subset(order.AsSpan(0, context.Size(400, 150)), "digits (training rows)");
        var before = Spectrum(model, rows);
        var training = trainer.Fit(data);
        var after = Spectrum(model, rows);
        double stableLimit = 2 / LearningRate;

        var slice = LossSlices.Take(model, rows, null, new SliceRequest { Points = context.Size(13, 7), Span = 1, Seed = seed });
        // The playground trains the same network the same way and slices it on as many rows (its own seeded choice of them).
        context.Playground(new LandscapeLink([("data", "digits"), ("model", network), ("train", $"sgd:lr={LearningRate}"),
            ("steps", Numbers.N(steps)), ("directions", "random"), ("grid", Numbers.N(context.Size(13, 7))), ("span", "1"),
            ("rows", Numbers.N(rows.Count)), ("seed", Numbers.N(context.Seed))]));
        context.PlaygroundCannotShow($"the link trains {network} there as here and draws the loss on a random 2-D slice (of its own seeded " +
            $"{Numbers.N(rows.Count)} rows) and the Hessian's spectrum on every training row rather than this lesson's {Numbers.N(rows.Count)}, so its " +
            "numbers differ a little from these; set the steps to 0 there for the initial weights' spectrum, and choose eigen directions to slice along the top two eigenvectors.");
        var lowest = slice.Primary.Lowest();
        bool basin = lowest is { } low && low.Loss >= slice.AtTrained.Primary.Loss * (1 - 1e-9);

        var measurements = new List<Measurement>
        {
            new($"digits, {network}, full-batch gradient descent (sgd:lr={LearningRate})",
                $"{Numbers.N(model.ParameterCount)} parameters, {Numbers.N(data.Train.Count)} rows, {Numbers.N(training.Epochs.Count)} steps; loss {Numbers.G(before.Loss, 4)} → {Numbers.G(after.Loss, 4)}"),
            new("negative eigenvalues (any size), initial → trained", $"{Numbers.N(before.Negative)} of {Numbers.N(before.Values.Length)} ({Numbers.Percent(before.NegativeShare)}) → {Numbers.N(after.Negative)} ({Numbers.Percent(after.NegativeShare)})"),
            new("λmax, initial → trained (2/lr = " + Numbers.G(stableLimit, 3) + ")", $"{Numbers.G(before.Max, 4)} → {Numbers.G(after.Max, 4)}"),
            new("clearly negative eigenvalues (λ < −λmax/100), initial → trained", $"{Numbers.N(before.ClearlyNegative)} → {Numbers.N(after.ClearlyNegative)}"),
            new("λmin, initial → trained", $"{Numbers.G(before.Min, 4)} → {Numbers.G(after.Min, 4)}"),
            new("bulk: eigenvalues within 1% of λmax of 0, trained", $"{Numbers.N(after.Bulk)} ({Numbers.Percent((double)after.Bulk / after.Values.Length)})"),
            new("outliers: eigenvalues above λmax/10, trained", Numbers.N(after.Outliers)),
            new("2-D slice around the trained weights (filter-normalized, α, β ∈ [−1, 1])",
                lowest is { } l ? $"lowest loss {Numbers.G(l.Loss, 4)}, at the trained weights {Numbers.G(slice.AtTrained.Primary.Loss, 4)}" : "no finite point"),
        };
        var table = new EvidenceTable("the Hessian's spectrum at the initial and the trained weights (dense, every eigenvalue)",
            ["weights", "λmax", "λmin", "negative", "clearly negative λ < −λmax/100", "bulk |λ| < λmax/100", "outliers λ > λmax/10", "trace"],
            [Row("initial", before), Row("trained", after)]);

        var figures = new List<ReportFigure>
        {
            context.Draw("spectrum", "Every eigenvalue of the Hessian, largest first, at the initial and the trained weights, with 2/lr dashed: a few outliers, a bulk near 0, and at the start a tail of clearly negative ones.",
                SeriesFigure.Build($"Hessian eigenvalues of {network} on digits, by rank", "rank (1 = largest)", "eigenvalue λ",
                [
                    new Series("initial weights", Ranked(before.Values)),
                    new Series("trained weights", Ranked(after.Values)),
                    new Series("2/lr", [(1, stableLimit), (before.Values.Length, stableLimit)], LineDash.Dashed),
                ])),
            context.Draw("slice", "The training loss on a 2-D slice through the trained weights along two random filter-normalized directions (Li et al. 2018).",
                SliceFigure.Build($"Loss of {network} on digits around the trained weights", slice, "two random filter-normalized directions")),
        };

        // "Few" outliers: at most a tenth of the eigenvalues above λmax/10, at least half of them within λmax/100 of 0.
        bool bulkAndOutliers = after.Bulk >= after.Values.Length / 2 && after.Outliers >= 1 && after.Outliers <= after.Values.Length / 10;
        bool saddleLeft = before.ClearlyNegative >= 5 && after.ClearlyNegative <= before.ClearlyNegative / 5;
        // Under full-batch gradient descent λmax rises towards 2/lr and hovers there (Cohen et al. 2021): "at most about".
        bool stable = after.Max <= 1.1 * stableLimit;
        bool holds = bulkAndOutliers && saddleLeft && stable && basin;
        string conclusion = holds
            ? $"Of the {Numbers.N(after.Values.Length)} eigenvalues at the trained weights, {Numbers.N(after.Bulk)} lie within λmax/100 of 0 and " +
              $"{Numbers.N(after.Outliers)} stand above λmax/10: a bulk and a few outliers (Sagun et al.; Ghorbani et al. count about classes − 1 of them). " +
              $"At the initial weights {Numbers.N(before.ClearlyNegative)} eigenvalues were clearly negative (the most negative {Numbers.G(before.Min, 3)}): " +
              $"a saddle. After {Numbers.N(training.Epochs.Count)} steps {Numbers.N(after.ClearlyNegative)} are; {Numbers.Percent(after.NegativeShare)} are still " +
              $"negative, but the most negative is {Numbers.G(after.Min, 3)} against λmax {Numbers.G(after.Max, 3)}: gradient descent has left the saddle " +
              $"for a wide, nearly flat valley, not for a strict minimum. λmax = {Numbers.G(after.Max, 3)} against 2/lr = {Numbers.G(stableLimit, 3)}, as " +
              "stability demands, and on the 2-D slice the trained weights are the lowest point. So in high dimension the places where descent " +
              "lingers are saddles and flat valleys rather than a multitude of isolated local minima."
            : $"Not entirely as claimed: bulk and few outliers: {Numbers.YesNo(bulkAndOutliers)} ({Numbers.N(after.Bulk)} near 0, {Numbers.N(after.Outliers)} outliers); " +
              $"the clearly negative eigenvalues gone after training: {Numbers.YesNo(saddleLeft)} ({Numbers.N(before.ClearlyNegative)} → {Numbers.N(after.ClearlyNegative)}); " +
              $"λmax at most about 2/lr: {Numbers.YesNo(stable)} ({Numbers.G(after.Max, 3)} against {Numbers.G(stableLimit, 3)}); the trained weights the lowest point of the slice: {Numbers.YesNo(basin)}.";
        return new LessonEvidence(measurements, [table], figures, holds, conclusion);
    }

    private static IReadOnlyList<string> Row(string name, DenseSpectrum s) =>
        [name, Numbers.G(s.Max, 4), Numbers.G(s.Min, 4), $"{Numbers.N(s.Negative)} ({Numbers.Percent(s.NegativeShare)})", Numbers.N(s.ClearlyNegative), Numbers.N(s.Bulk), Numbers.N(s.Outliers), Numbers.G(s.Values.Sum(), 4)];

    private static List<(double, double)> Ranked(double[] values) =>
        values.OrderByDescending(v => v).Select((v, k) => ((double)(k + 1), v)).ToList();

    /// <summary>Every eigenvalue of the loss's Hessian at the model's weights: assembled from n exact products, decomposed densely.</summary>
    private static DenseSpectrum Spectrum(Model model, Dataset rows)
    {
        using var loss = new NetworkLoss(model, rows, new NetworkLossOptions { Precision = Precision.Float32 });
        double[] theta = loss.Parameters();
        var dense = DenseSymmetricOperator.Assemble(loss.Hessian(theta));
        return new DenseSpectrum(Analysis.Curvature.Eigen(dense.Matrix, dense.Dimension).Values, loss.Evaluate(theta).Loss);
    }

    private sealed record DenseSpectrum(double[] Values, double Loss)
    {
        public double Max => Values.Max();
        public double Min => Values.Min();
        public int Negative => Values.Count(v => v < 0);
        public double NegativeShare => (double)Negative / Values.Length;
        public int Bulk => Values.Count(v => Math.Abs(v) < Max / 100);
        public int Outliers => Values.Count(v => v > Max / 10);
        public int ClearlyNegative => Values.Count(v => v < -Max / 100);
    }
}
