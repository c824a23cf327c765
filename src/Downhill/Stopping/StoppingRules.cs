using System.Collections;

namespace Downhill.Stopping;

/// <summary>
/// A set of stopping rules, at most one of each kind: an immutable value. Rules are checked in a fixed order
/// (divergence, grad-tol, target, f-tol, x-tol, patience, max-iter, time-limit, cancellation); the first met ends the run.
/// </summary>
public sealed class StoppingRules : IReadOnlyList<StoppingRule>
{
    private readonly StoppingRule[] _rules;

    /// <summary>The rules, at most one of each kind, checked in their fixed order.</summary>
    public StoppingRules(IEnumerable<StoppingRule> rules)
    {
        var list = new List<StoppingRule>();
        foreach (var rule in rules)
        {
            list.RemoveAll(r => r.GetType() == rule.GetType());
            list.Add(rule);
        }
        this._rules = list.OrderBy(r => r.Priority).ToArray();
        IterationLimit = this._rules.Min(r => (long?)r.IterationLimit) ?? long.MaxValue;
        ProgressDelta = this._rules.Max(r => (double?)r.ProgressDelta) ?? 0;
        NeedsElapsedTime = this._rules.Any(r => r.NeedsElapsedTime);
        NeedsGradient = this._rules.Any(r => r.NeedsGradient);
        var screen = new StopScreen();
        foreach (var rule in this._rules) rule.AddTo(ref screen);
        Screen = screen;
    }

    /// <summary>
    /// The defaults: max-iter 10000, grad-tol 1e-8, x-tol 0 (a step that leaves x exactly where it was: a method that
    /// can make no more progress, such as a line search that finds no lower point), divergence past 1e100, and cancellation.
    /// </summary>
    public static StoppingRules Default { get; } =
        new([new MaxIterations(10_000), new GradientTolerance(1e-8), new StepTolerance(0), new Divergence(), new Cancellation()]);

    /// <summary>This set with <paramref name="rule"/> added, replacing a rule of the same kind.</summary>
    public StoppingRules With(StoppingRule rule) => new(_rules.Append(rule));

    /// <summary>This set without rules of kind <typeparamref name="T"/>.</summary>
    public StoppingRules Without<T>() where T : StoppingRule => new(_rules.Where(r => r is not T));

    /// <summary>The rule of kind <typeparamref name="T"/>, or null.</summary>
    public T? Find<T>() where T : StoppingRule => _rules.OfType<T>().FirstOrDefault();

    /// <summary>The iteration at which some rule ends any run (the max-iter limit), or <see cref="long.MaxValue"/>.</summary>
    public long IterationLimit { get; }

    /// <summary>
    /// How much f must fall below its best for an iteration to count as progress in
    /// <see cref="RunProgress.IterationsWithoutProgress"/> (patience's min-delta; 0 without patience).
    /// </summary>
    public double ProgressDelta { get; }

    /// <summary>Whether some rule reads the elapsed time (a loop measures it only then: reading the clock costs).</summary>
    public bool NeedsElapsedTime { get; }

    /// <summary>Whether some rule reads the gradient norm (grad-tol).</summary>
    public bool NeedsGradient { get; }

    /// <summary>Every rule's threshold in one value: where it does not pass, no rule is met (<see cref="FirstMet"/> is null).</summary>
    internal StopScreen Screen { get; }

    /// <summary>The first rule met at <paramref name="progress"/>, in checking order, or null.</summary>
    public StoppingRule? FirstMet(in RunProgress progress)
    {
        foreach (var rule in _rules)
            if (rule.IsMet(progress))
                return rule;
        return null;
    }

    /// <summary>Every rule's measured value beside its threshold at <paramref name="progress"/>, in checking order.</summary>
    public IReadOnlyList<StopCheck> Check(in RunProgress progress)
    {
        var checks = new StopCheck[_rules.Length];
        for (int i = 0; i < _rules.Length; i++) checks[i] = _rules[i].Check(progress);
        return checks;
    }

    /// <summary>How many rules.</summary>
    public int Count => _rules.Length;
    /// <summary>The rule at <paramref name="index"/> in checking order.</summary>
    public StoppingRule this[int index] => _rules[index];
    /// <summary>The rules in checking order.</summary>
    public IEnumerator<StoppingRule> GetEnumerator() => ((IEnumerable<StoppingRule>)_rules).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _rules.GetEnumerator();
}
