namespace Downhill.Analysis.Tuning;

/// <summary>A batch of evaluations that can run in any order: one round's trials at one successive-halving rung.</summary>
/// <param name="Round">0-based round.</param>
/// <param name="Rung">0-based rung (always 0 without halving).</param>
/// <param name="Ranges">The round's ranges.</param>
/// <param name="Requests">The evaluations, in trial-number order.</param>
public sealed record TuneStage(int Round, int Rung, IReadOnlyList<SearchRange> Ranges, IReadOnlyList<TrialRequest> Requests);

/// <summary>
/// Random search with narrowing ranges, the course's four steps: set rough ranges; draw settings at random
/// (log-uniform on log ranges); evaluate; narrow each range around the best settings so far, and repeat.
/// </summary>
/// <remarks>
/// A study is a sequence of stages (<see cref="TuneStage"/>): each round's trials, and with successive halving the
/// round's rungs. A stage's evaluations may run in any order, on any number of workers; the next stage is computed
/// from the ended evaluations alone once the stage is complete. Trial (round r, index i) draws its values from the
/// keyed stream (seed, r, i), never from a shared one. So a study is the same whatever runs it and however fast, and a
/// study continued after a kill is the same as one never interrupted. With successive halving a round runs all its
/// trials on a quarter of the budget, the best half again on half, and the best quarter on the full budget (re-run
/// from scratch, so each evaluation is self-contained and storable). This type decides; Downhill.Studies runs.
/// </remarks>
public static class NarrowingSearch
{
    /// <summary>Throws when there is no range or a hyperparameter has two.</summary>
    public static void CheckRanges(IReadOnlyList<SearchRange> ranges)
    {
        if (ranges.Count == 0) throw new InputException($"give at least one {new ParameterName("range")} to search");
        var duplicate = ranges.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"{new ParameterName("range")} {duplicate.Key} is given twice");
    }

    /// <summary>The study's first stage: round 0's trials drawn from <paramref name="ranges"/>.</summary>
    public static TuneStage FirstStage(IReadOnlyList<SearchRange> ranges, TuneOptions options)
    {
        CheckRanges(ranges);
        options.Validate();
        return Round(0, ranges, options);
    }

    /// <summary>
    /// The stage after <paramref name="closed"/>, or null when it was the study's last: with halving, the best half of
    /// the stage's evaluations again at twice the budget; else the next round, its ranges narrowed around the best
    /// trials so far. <paramref name="ended"/> holds every ended evaluation of the study.
    /// </summary>
    public static TuneStage? NextStage(TuneStage closed, IReadOnlyList<Trial> ended, TuneOptions options)
    {
        var ranking = Trial.Ranking(options.Maximize);
        if (options.Halving && closed.Rung < TuneOptions.HalvingRungs - 1)
        {
            int rung = closed.Rung + 1;
            var results = ended.Where(t => t.Request.Round == closed.Round && t.Request.Rung == closed.Rung).ToList();
            var survivors = results.Order(ranking).Take((results.Count + 1) / 2).OrderBy(t => t.Request.Number)
                .Select(t => t.Request with { Rung = rung, BudgetShare = Share(rung, options) }).ToList();
            return new TuneStage(closed.Round, rung, closed.Ranges, survivors);
        }
        if (closed.Round + 1 >= options.Rounds) return null;
        var finished = Latest(ended).ToList();
        int count = Math.Max(1, (int)Math.Ceiling(options.Keep * finished.Count));
        var best = finished.Order(ranking).Take(count).ToList();
        var narrowed = closed.Ranges.Select((range, k) => range.NarrowTo(best.Select(t => t.Settings[k]))).ToList();
        return Round(closed.Round + 1, narrowed, options);
    }

    /// <summary>
    /// The study's report from its rounds' ranges and its ended evaluations (each trial at the highest rung it
    /// reached), or null when none has ended.
    /// </summary>
    public static TuneReport? Report(IReadOnlyList<IReadOnlyList<SearchRange>> roundRanges, IReadOnlyList<Trial> ended,
        TuneOptions options, int evaluated, int loaded)
    {
        var latest = Latest(ended).ToList();
        if (latest.Count == 0) return null;
        var rounds = roundRanges.Select((ranges, r) => new TuneRound(ranges, latest.Where(t => t.Request.Round == r).ToList())).ToList();
        var best = latest.Order(Trial.Ranking(options.Maximize)).First();
        return new TuneReport(rounds, best, evaluated, loaded) { Maximize = options.Maximize };
    }

    /// <summary>Each trial at the highest rung it reached, in number order.</summary>
    private static IEnumerable<Trial> Latest(IEnumerable<Trial> ended) =>
        ended.GroupBy(t => t.Request.Number).Select(g => g.MaxBy(t => t.Request.Rung)!).OrderBy(t => t.Request.Number);

    private static TuneStage Round(int round, IReadOnlyList<SearchRange> ranges, TuneOptions options) =>
        new(round, 0, ranges, Enumerable.Range(0, options.TrialsPerRound).Select(i => Draw(ranges, options, round, i)).ToList());

    /// <summary>The settings of trial (round, index): one keyed draw per range, in the ranges' order.</summary>
    private static TrialRequest Draw(IReadOnlyList<SearchRange> ranges, TuneOptions options, int round, int index)
    {
        var random = KeyedSeed.Random(options.Seed, round, index);
        var settings = ranges.Select(r => r.At(random.NextDouble())).ToArray();
        return new TrialRequest(round * options.TrialsPerRound + index, round, index, 0, settings, Share(0, options),
            KeyedSeed.Derive(options.Seed, round, index, -1));
    }

    /// <summary>The budget share of a rung: ¼, ½, 1 with halving; 1 without.</summary>
    private static double Share(int rung, TuneOptions options) =>
        options.Halving ? Math.Pow(0.5, TuneOptions.HalvingRungs - 1 - rung) : 1.0;
}
