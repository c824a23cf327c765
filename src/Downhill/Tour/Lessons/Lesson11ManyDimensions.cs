using Downhill.Analysis;
using Downhill.Analysis.Landscapes;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour.Lessons;

/// <summary>Saddles outnumber minima as the dimension grows; on rastrigin, more restarts raise the chance of the global minimum.</summary>
public sealed class Lesson11ManyDimensions : ILesson
{
    /// <inheritdoc/>
    public int Number => 11;
    /// <inheritdoc/>
    public string Title => "Many dimensions";
    /// <inheritdoc/>
    public string Claim =>
        "In many dimensions a critical point is a minimum only if every one of its Hessian's eigenvalues is positive, so " +
        "among the critical points of random smooth functions the share of minima falls and the share of saddles rises " +
        "with the dimension. Where local minima abound (rastrigin), restarts are the remedy: the chance that the best of N " +
        "restarts is the global minimum grows like 1 − (1 − p)ᴺ.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var saddleRows = SaddleExperiment.Run(new SaddleExperimentOptions
        {
            Dimensions = context.Size<IReadOnlyList<int>>([1, 2, 3, 4, 5, 6], [1, 2, 3]),
            FunctionsPerDimension = context.Size(3, 1),
            Starts = context.Size(300, 60),
            Seed = context.Seed,
        });
        int starts = context.Size(400, 100);
        IReadOnlyList<int> counts = context.Size<IReadOnlyList<int>>([1, 2, 5, 10, 20, 40], [1, 5, 20]);
        // Rastrigin in 1 and 2 dimensions: the same remedy, and what one more dimension does to the odds of a single start.
        var restarts = new[] { 1, 2 }.Select(n => Restarts(n, starts, counts, context.Seed)).ToList();
        context.Playground(TwoDimensions(context.Seed));
        context.PlaygroundCannotShow("the link shows 2-D rastrigin with its critical points by kind (minima ringed by saddles, maxima between) and " +
            "L-BFGS-B from the first restart's start; drag the start to make the other restarts. The counts over many random sums of cosines " +
            $"in every dimension up to {saddleRows[^1].Dimension} are `downhill experiment saddles`' (seed {context.Seed}), and the odds of the best of N restarts " +
            "`downhill experiment restarts`' (rastrigin, lbfgsb).");

        var tables = new List<EvidenceTable>
        {
            new("critical points of random sums of cosines, by dimension",
                ["dimension", "critical points", "minima", "saddles", "maxima"],
                saddleRows.Select(r => (IReadOnlyList<string>)[Numbers.N(r.Dimension), Numbers.N(r.CriticalPoints), Numbers.Percent(r.MinimumShare),
                    Numbers.Percent(r.SaddleShare), Numbers.Percent(r.MaximumShare)]).ToList()),
            new($"L-BFGS-B restarts on rastrigin, uniform in [−5.12, 5.12]ⁿ: chance that the best of N reaches the global minimum",
                ["restarts N", "measured, n = 1", "1 − (1 − p)ᴺ, n = 1", "measured, n = 2", "1 − (1 − p)ᴺ, n = 2"],
                counts.Select((c, k) => (IReadOnlyList<string>)[Numbers.N(c), Numbers.Percent(restarts[0].Rows[k].Measured), Numbers.Percent(restarts[0].Rows[k].Predicted),
                    Numbers.Percent(restarts[1].Rows[k].Measured), Numbers.Percent(restarts[1].Rows[k].Predicted)]).ToList()),
        };
        var (first, last) = (saddleRows[0], saddleRows[^1]);
        var measurements = new List<Measurement>
        {
            new($"share of minima, {first.Dimension}-D → {last.Dimension}-D", $"{Numbers.Percent(first.MinimumShare)} → {Numbers.Percent(last.MinimumShare)}"),
            new($"share of saddles, {first.Dimension}-D → {last.Dimension}-D", $"{Numbers.Percent(first.SaddleShare)} → {Numbers.Percent(last.SaddleShare)}"),
            new("single-start success rate p on rastrigin, n = 1 / n = 2", string.Join(" / ", restarts.Select(r => $"{r.Successes} of {r.Starts} = {Numbers.Percent(r.SuccessRate)}"))),
            new("restarts for a 95% chance, from p, n = 1 / n = 2", string.Join(" / ", restarts.Select(r => r.RestartsFor(0.95) is { } n ? Numbers.N(n) : "— (no start succeeded)"))),
        };
        var figures = new List<ReportFigure>
        {
            context.Draw("saddles", "Which share of the critical points found are minima, saddles and maxima, by dimension.",
                SeriesFigure.Build("Critical points of random smooth functions by dimension", "dimension n", "share of critical points",
                [
                    new Series("minima", saddleRows.Select(r => ((double)r.Dimension, r.MinimumShare)).ToList()),
                    new Series("saddles", saddleRows.Select(r => ((double)r.Dimension, r.SaddleShare)).ToList()),
                    new Series("maxima", saddleRows.Select(r => ((double)r.Dimension, r.MaximumShare)).ToList()),
                ], (0, 1))),
            context.Draw("restarts", "The measured chance that the best of N restarts is rastrigin's global minimum, beside 1 − (1 − p)ᴺ.",
                SeriesFigure.Build("Restarts on rastrigin: chance of the global minimum", "restarts N", "chance",
                [
                    new Series("measured, n = 1", restarts[0].Rows.Select(r => ((double)r.Restarts, r.Measured)).ToList()),
                    new Series("1 − (1 − p)ᴺ, n = 1", restarts[0].Rows.Select(r => ((double)r.Restarts, r.Predicted)).ToList(), LineDash.Dashed),
                    new Series("measured, n = 2", restarts[1].Rows.Select(r => ((double)r.Restarts, r.Measured)).ToList()),
                    new Series("1 − (1 − p)ᴺ, n = 2", restarts[1].Rows.Select(r => ((double)r.Restarts, r.Predicted)).ToList(), LineDash.Dashed),
                ], (0, 1))),
        };

        bool saddlesTakeOver = last.MinimumShare < first.MinimumShare && last.SaddleShare > first.SaddleShare;
        var (one, two) = (restarts[0], restarts[1]);
        bool restartsHelp = one.Rows[^1].Measured > one.Rows[0].Measured;
        bool holds = saddlesTakeOver && restartsHelp;
        string conclusion = holds
            ? $"From {first.Dimension} to {last.Dimension} dimensions the minima's share fell from {Numbers.Percent(first.MinimumShare)} to " +
              $"{Numbers.Percent(last.MinimumShare)} while the saddles' rose from {Numbers.Percent(first.SaddleShare)} to {Numbers.Percent(last.SaddleShare)}: " +
              $"in high dimensions the points where descent slows are mostly saddles, which noise and momentum escape (lesson 5). On 1-D rastrigin one start " +
              $"found the global minimum {Numbers.Percent(one.SuccessRate)} of the time; the best of {one.Rows[^1].Restarts} did so in " +
              $"{Numbers.Percent(one.Rows[^1].Measured)} of the groups (predicted {Numbers.Percent(one.Rows[^1].Predicted)}). In 2-D a single start succeeded " +
              $"{Numbers.Percent(two.SuccessRate)} of the time: each dimension multiplies the local minima, so the restarts needed grow with it."
            : $"Not entirely as claimed: saddles took over from minima: {Numbers.YesNo(saddlesTakeOver)}; more restarts raised the measured chance: " +
              $"{Numbers.YesNo(restartsHelp)} ({Numbers.Percent(one.Rows[0].Measured)} with 1, {Numbers.Percent(one.Rows[^1].Measured)} with {one.Rows[^1].Restarts}, 1-D).";
        return new LessonEvidence(measurements, tables, figures, holds, conclusion);
    }

    /// <summary>2-D rastrigin kept to its box, with L-BFGS-B from the first restart's start and the critical points drawn.</summary>
    private static PlaygroundLink TwoDimensions(long seed)
    {
        var rastrigin = FunctionResolver.Resolve("rastrigin", 2);
        var box = TourRuns.Bounds(rastrigin);
        double[] start = new UniformStart().Draw(2, box, KeyedSeed.Derive(seed, 0)).Select(v => Math.Round(v, 3)).ToArray();
        return new PlaygroundLink("rastrigin", start, ["lbfgsb"], [("max-iter", 500), ("grad-tol", 1e-8)])
        {
            Bounds = box,
            Page = [("overlays", "critical")],
        };
    }

    private static RestartExperimentReport Restarts(int dimension, int starts, IReadOnlyList<int> counts, long seed)
    {
        var rastrigin = FunctionResolver.Resolve("rastrigin", dimension);
        return RestartExperiment.Run(rastrigin.Objective, Methods.Parse("lbfgsb"), new RestartOptions
        {
            Starts = starts,
            Seed = seed,
            Init = new UniformStart(),
            Bounds = TourRuns.Bounds(rastrigin),
            Run = new RunOptions { Stopping = TourRuns.Rules(new GradientTolerance(1e-8), new MaxIterations(500), new StepTolerance(0)) },
        }, counts, globalF: 0, fTolerance: 1e-6);
    }
}
