namespace Downhill.Stopping;

/// <summary>
/// The words a loop uses when a stopping rule says why it ended: what one iteration is called and what the watched
/// value is called. A minimization's iteration is a step and its value is f; a training run's iteration is an epoch
/// and its value the validation (or training) loss — the rules are the same.
/// </summary>
/// <param name="Iteration">One iteration, singular: "iteration", "epoch".</param>
/// <param name="Value">The value the rules watch: "f", "validation loss".</param>
public sealed record LoopTerms(string Iteration, string Value)
{
    /// <summary>A minimization's words: iterations and f.</summary>
    public static LoopTerms Minimization { get; } = new("iteration", "f");

    /// <summary>The plural of <see cref="Iteration"/>.</summary>
    public string Iterations => Iteration + "s";
}
