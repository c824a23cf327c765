using System.Diagnostics;
using System.Globalization;
using Downhill.IO;
using Downhill.Numerics;

namespace Downhill.Analysis.Tuning;

/// <summary>
/// Random search with narrowing ranges, the course's four steps: set rough ranges; draw settings at random
/// (log-uniform on log ranges); evaluate; narrow each range around the best settings so far, and repeat.
/// </summary>
/// <remarks>
/// Trial (round r, index i) draws its values from the keyed stream (seed, r, i), never from a shared one, and a round's
/// ranges depend only on the finished trials before it; so a study is the same whatever the thread count, and a study
/// resumed from its store after a kill is the same as one never interrupted. With successive halving a round runs all
/// its trials on a quarter of the budget, the best half again on half, and the best quarter on the full budget
/// (re-run from scratch, so each evaluation is self-contained and storable).
/// </remarks>
public static class NarrowingSearch
{
    /// <summary>Runs (or continues, from <paramref name="store"/>) a study.</summary>
    /// <param name="ranges">The searched hyperparameters, each with its rough range.</param>
    /// <param name="evaluate">Runs one trial; must be deterministic in its request and safe to call from several threads.</param>
    /// <param name="options">Trials, rounds, keep share, halving, seed, threads.</param>
    /// <param name="store">Where finished trials are kept, or null for none.</param>
    /// <param name="description">What is being tuned (function, optimizer, budget): stored with the study to tell studies apart.</param>
    public static TuneReport Run(IReadOnlyList<SearchRange> ranges, Func<TrialRequest, TrialOutcome> evaluate,
        TuneOptions options, IStudyStore? store = null, string description = "")
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        options.Validate();
        CheckRanges(ranges);
        store?.Bind($"{description} ranges={string.Join(' ', ranges)} {options.Describe()}".Trim());

        var workers = WorkerPool.OnThreadPool(options.Threads);
        int evaluated = 0, loaded = 0;
        var rounds = new List<TuneRound>();
        var finished = new List<Trial>();
        var current = ranges.ToList();
        for (int round = 0; round < options.Rounds; round++)
        {
            if (round > 0) current = Narrow(ranges, current, finished, options.Keep);
            var requests = Enumerable.Range(0, options.TrialsPerRound)
                .Select(i => Draw(current, options.Seed, round, i)).ToArray();
            int rungs = options.Halving ? TuneOptions.HalvingRungs : 1;
            var latest = new Trial[requests.Length];
            var contenders = Enumerable.Range(0, requests.Length).ToArray();
            for (int rung = 0; rung < rungs; rung++)
            {
                double share = Math.Pow(0.5, rungs - 1 - rung);
                var batch = contenders.Select(i => requests[i] with { Rung = rung, BudgetShare = share }).ToArray();
                var results = new Trial[batch.Length];
                workers.For(batch.Length, k =>
                {
                    results[k] = Evaluate(batch[k], evaluate, store);
                    if (results[k].Stored) Interlocked.Increment(ref loaded);
                    else Interlocked.Increment(ref evaluated);
                });
                foreach (var trial in results) latest[trial.Request.Index] = trial;
                int survivors = (contenders.Length + 1) / 2;
                contenders = results.Order(Comparer<Trial>.Create(Trial.Compare)).Take(survivors)
                    .Select(t => t.Request.Index).Order().ToArray();
            }
            finished.AddRange(latest);
            rounds.Add(new TuneRound(current, latest));
        }
        var best = finished.Order(Comparer<Trial>.Create(Trial.Compare)).First();
        return new TuneReport(rounds, best, evaluated, loaded);
    }

    /// <summary>Throws when there is no range or a hyperparameter has two.</summary>
    public static void CheckRanges(IReadOnlyList<SearchRange> ranges)
    {
        if (ranges.Count == 0) throw new InputException($"give at least one {new ParameterName("range")} to search");
        var duplicate = ranges.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"{new ParameterName("range")} {duplicate.Key} is given twice");
    }

    /// <summary>The settings of trial (round, index): one keyed draw per range, in the ranges' order.</summary>
    private static TrialRequest Draw(IReadOnlyList<SearchRange> ranges, long seed, int round, int index)
    {
        var random = KeyedSeed.Random(seed, round, index);
        var settings = ranges.Select(r => new KeyValuePair<string, double>(r.Name, r.At(random.NextDouble()))).ToArray();
        return new TrialRequest(round, index, 0, settings, 1.0);
    }

    private static List<SearchRange> Narrow(IReadOnlyList<SearchRange> original, List<SearchRange> current, List<Trial> finished, double keep)
    {
        int count = Math.Max(1, (int)Math.Ceiling(keep * finished.Count));
        var best = finished.Order(Comparer<Trial>.Create(Trial.Compare)).Take(count).ToList();
        return current.Select((range, k) => range.NarrowTo(best.Select(t => t.Settings[k].Value))).ToList();
    }

    private static Trial Evaluate(TrialRequest request, Func<TrialRequest, TrialOutcome> evaluate, IStudyStore? store)
    {
        string settings = SettingsText(request.Settings);
        if (store is not null && store.TryLoad(request.Round, request.Index, request.Rung, out var stored, out string storedSettings))
        {
            if (storedSettings != settings)
                throw new InputException($"the study file's trial {request.Round + 1}.{request.Index + 1} was run with {storedSettings}, " +
                                         $"but this study draws {settings}; the file belongs to another study");
            return new Trial(request, stored, Stored: true);
        }
        var clock = Stopwatch.StartNew();
        var outcome = evaluate(request);
        store?.Save(request, outcome, settings, clock.Elapsed.TotalSeconds);
        return new Trial(request, outcome, Stored: false);
    }

    internal static string SettingsText(IEnumerable<KeyValuePair<string, double>> settings) =>
        string.Join(",", settings.Select(s => $"{s.Key}={RoundTrip.Format(s.Value)}"));
}
