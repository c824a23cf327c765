using System.Globalization;
using Downhill.Analysis.Tuning;
using Downhill.Studies;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Plotting;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.IO;

namespace Downhill.Tour.Lessons;

/// <summary>Random search with narrowing ranges for gradient descent's learning rate on Rosenbrock.</summary>
public sealed class Lesson10NarrowingSearch : ILesson
{
    private const int Budget = 500;
    private static readonly double[] Start = [-1.2, 1];

    /// <inheritdoc/>
    public int Number => 10;
    /// <inheritdoc/>
    public string Title => "Random search with narrowing ranges";
    /// <inheritdoc/>
    public string Claim =>
        "To tune a learning rate, draw it at random from a rough log range, keep the best trials, narrow the range around " +
        "them and draw again: the range shrinks round by round onto good rates, so the typical trial gets better — the " +
        "median score of the last round beats the first round's.";

    /// <inheritdoc/>
    public LessonEvidence Run(LessonContext context)
    {
        var rosenbrock = FunctionResolver.Resolve("rosenbrock");
        var range = new SearchRange("lr", 1e-6, 1, RangeScale.Log);
        var options = new TuneOptions { TrialsPerRound = context.Size(16, 6), Rounds = context.Size(4, 2), Keep = 0.25, Seed = context.Seed };
        var study = StudyRunner.Run([range], request => Evaluate(rosenbrock, request), options, $"gd on rosenbrock, {Budget} iterations");

        var rows = study.Rounds.Select((round, r) =>
        {
            var lr = round.Ranges[0];
            var bestTrial = round.Trials.MinBy(t => double.IsFinite(t.Score) ? t.Score : double.PositiveInfinity)!;
            return (IReadOnlyList<string>)
            [
                Numbers.N(r + 1), $"{Numbers.G(lr.Low, 3)} … {Numbers.G(lr.High, 3)}", Numbers.G(Math.Log10(lr.High / lr.Low), 3),
                Numbers.G(bestTrial.Settings[0].Value, 4), Numbers.G(bestTrial.Score, 4), Numbers.G(Median(round), 4),
                Numbers.N(round.Trials.Count(t => !double.IsFinite(t.Score))),
            ];
        }).ToList();
        var table = new EvidenceTable($"gradient descent on rosenbrock from {Numbers.Point(Start)}, score = f after {Budget} iterations (lower is better)",
            ["round", "lr range", "decades", "best lr", "best score", "median score", "diverged"], rows);
        // In the playground: gradient descent at the best rate found, with its learning-rate sweep a click away.
        context.Playground([TourRuns.Run(rosenbrock, Start, Methods.Parse("gd").With("lr", study.Best.Settings[0].Value), TourRuns.Rules(new MaxIterations(Budget)))]);
        var firstRange = study.Rounds[0].Ranges[0];
        var lastRange = study.Rounds[^1].Ranges[0];
        var measurements = new List<Measurement>
        {
            new("trials", $"{study.Trials} in {study.Rounds.Count} rounds of {options.TrialsPerRound}, the best {Numbers.Percent(options.Keep)} kept to narrow"),
            new("range width", $"{Numbers.G(Math.Log10(firstRange.High / firstRange.Low), 3)} decades in round 1, {Numbers.G(Math.Log10(lastRange.High / lastRange.Low), 3)} in round {study.Rounds.Count}"),
            new("best learning rate found", $"lr = {Numbers.G(study.Best.Settings[0].Value, 4)}, f after {Budget} iterations = {Numbers.G(study.Best.Score, 4)}"),
        };
        var figure = context.Draw("tuning", "Best score so far by trial (left) and the lr values sampled in each round inside that round's range (right).",
            TuningFigure.Build("Narrowing the learning rate of gradient descent on Rosenbrock", study));

        double? smallestDiverged = study.Rounds.SelectMany(r => r.Trials).Where(t => !double.IsFinite(t.Score))
            .Select(t => (double?)t.Settings[0].Value).Min();
        if (smallestDiverged is { } edge) measurements.Add(new Measurement("smallest learning rate that diverged", Numbers.G(edge, 4)));
        bool narrows = lastRange.High / lastRange.Low < firstRange.High / firstRange.Low;
        bool improves = Median(study.Rounds[^1]) < Median(study.Rounds[0]) && double.IsFinite(study.Best.Score);
        bool holds = narrows && improves;
        string conclusion = holds
            ? $"The range shrank from {Numbers.G(Math.Log10(firstRange.High / firstRange.Low), 3)} decades to {Numbers.G(Math.Log10(lastRange.High / lastRange.Low), 3)}, " +
              $"and the median score fell from {Numbers.G(Median(study.Rounds[0]), 4)} in round 1 to {Numbers.G(Median(study.Rounds[^1]), 4)} in round {study.Rounds.Count}: " +
              "the draws now land where the rates are good. " +
              $"The best rate was {Numbers.G(study.Best.Settings[0].Value, 3)}" +
              (smallestDiverged is { } d ? $"; the smallest rate that diverged was {Numbers.G(d, 3)}, {Numbers.G(d / study.Best.Settings[0].Value, 3)} times larger: past the edge of stability, descent blows up, so the best fixed rate lies below it." : ".")
            : $"Not as claimed: the range narrowed: {Numbers.YesNo(narrows)}; the median score fell: {Numbers.YesNo(improves)} ({Numbers.G(Median(study.Rounds[0]), 4)} → {Numbers.G(Median(study.Rounds[^1]), 4)}).";
        return new LessonEvidence(measurements, [table], [figure], holds, conclusion);
    }

    /// <summary>The round's median score, a diverged trial counting as worst.</summary>
    private static double Median(TuneRound round)
    {
        var scores = round.Trials.Select(t => double.IsFinite(t.Score) ? t.Score : double.PositiveInfinity).Order().ToArray();
        return scores.Length % 2 == 1 ? scores[scores.Length / 2] : 0.5 * (scores[scores.Length / 2 - 1] + scores[scores.Length / 2]);
    }

    private static TrialOutcome Evaluate(ResolvedFunction function, TrialRequest request)
    {
        double lr = request.Settings[0].Value;
        var rules = TourRuns.Rules(new MaxIterations(Math.Max(1, (int)(Budget * request.BudgetShare))));
        var run = Minimizer.Run(function.Objective, Start, Methods.Parse("gd").With("lr", lr),
            new RunOptions { Stopping = rules, TraceCapacity = 4 });
        return TrialOutcome.OfRun(run);
    }
}
