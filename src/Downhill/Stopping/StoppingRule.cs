using System.Globalization;

namespace Downhill.Stopping;

/// <summary>
/// One rule that can end a run: a small immutable value. A rule measures one quantity of the run's progress and
/// compares it with its threshold; <see cref="StoppingRules"/> combines rules, and the first one met ends the run.
/// </summary>
public abstract record StoppingRule
{
    /// <summary>The reason a run stopped by this rule reports.</summary>
    public abstract StopReason Reason { get; }

    /// <summary>The rule's name in output: "max-iter", "grad-tol", …</summary>
    public string Name => Reason.ToName();

    /// <summary>The value the measured quantity is compared with.</summary>
    public abstract double Threshold { get; }

    /// <summary>The quantity this rule watches, at <paramref name="progress"/> (NaN where it is not defined yet).</summary>
    public abstract double Measure(in RunProgress progress);

    /// <summary>Whether the rule ends the run at <paramref name="progress"/>.</summary>
    public abstract bool IsMet(in RunProgress progress);

    /// <summary>Why the run stopped, in words, when this rule ended it, in the words of <paramref name="terms"/>.</summary>
    public abstract string Describe(in RunProgress progress, LoopTerms terms);

    /// <summary>Why a minimization stopped, in words, when this rule ended it ("f is NaN at iteration 12").</summary>
    public string Describe(in RunProgress progress) => Describe(progress, LoopTerms.Minimization);

    /// <summary>Checking order: lower first, so a run that converged on its last allowed iteration reports convergence.</summary>
    internal abstract int Priority { get; }

    /// <summary>The iteration at which this rule ends any run (the max-iter limit); <see cref="long.MaxValue"/> for none.</summary>
    internal virtual long IterationLimit => long.MaxValue;

    /// <summary>How much f must fall below its best for an iteration to count as progress (patience's min-delta); 0 for rules that do not care.</summary>
    internal virtual double ProgressDelta => 0;

    /// <summary>Whether the rule reads the elapsed time, which a loop then measures every iteration.</summary>
    internal virtual bool NeedsElapsedTime => false;

    /// <summary>Whether the rule reads the gradient norm, which a loop that never forms the whole gradient cannot measure.</summary>
    internal virtual bool NeedsGradient => false;

    /// <summary>Adds this rule's threshold to <paramref name="screen"/>, so that the screen passes wherever the rule is met.</summary>
    internal abstract void AddTo(ref StopScreen screen);

    /// <summary>This rule's measured value beside its threshold.</summary>
    public StopCheck Check(in RunProgress progress) => new(Name, Measure(progress), Threshold, IsMet(progress));

    private protected static string Format(double value) => value.ToString("g6", CultureInfo.InvariantCulture);
}
