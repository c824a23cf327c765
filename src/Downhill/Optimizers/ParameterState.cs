using System.Numerics;

namespace Downhill.Optimizers;

/// <summary>
/// The state of one optimizer over one block of parameters: torch's <c>state[p]</c>, declared as data. Its parts are
/// named (<see cref="Scalars"/>, the step count first, and <see cref="Buffers"/>, one number per parameter each, as
/// optax's <c>ScaleByAdamState(count, mu, nu)</c>), so a checkpoint saves and restores exactly them
/// (<see cref="Save"/>, <see cref="Restore"/>). <see cref="Step"/> updates the parameters in place, allocation-free.
/// </summary>
/// <remarks>
/// Anything else a state keeps is derived from its parts (a bias correction that has reached 1, the next step's
/// momentum factor), so a restored state continues bit for bit as the one it was saved from.
/// </remarks>
public abstract class ParameterState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private IReadOnlyList<StateScalar>? _scalars;

    /// <summary>Number of steps taken (torch's <c>state['step']</c>).</summary>
    public long Steps { get; protected set; }

    /// <summary>The scalars of the state: <c>step</c>, then the optimizer's own (e.g. NAdam's <c>mu_product</c>).</summary>
    public IReadOnlyList<StateScalar> Scalars => _scalars ??=
    [
        StateScalar.Count("step", () => Steps, value => Steps = value),
        .. OwnScalars,
    ];

    /// <summary>The per-parameter buffers in effect, by torch's names (<c>exp_avg</c>, <c>momentum_buffer</c>, …), in a fixed order.</summary>
    public abstract IReadOnlyList<StateBuffer<T>> Buffers { get; }

    /// <summary>The optimizer's own scalars, after the step count; none unless a state has some.</summary>
    protected virtual IReadOnlyList<StateScalar> OwnScalars => [];

    /// <summary>
    /// One update of <paramref name="parameters"/> given their <paramref name="gradient"/>, at learning rate
    /// <paramref name="learningRate"/> (the optimizer's own unless a schedule changed it).
    /// </summary>
    public abstract void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate);

    /// <summary>A copy of every declared part, for a checkpoint.</summary>
    public OptimizerStateSnapshot<T> Save() => new(
        Scalars.Select(s => new KeyValuePair<string, double>(s.Name, s.Value)).ToArray(),
        Buffers.Select(b => new KeyValuePair<string, T[]>(b.Name, b.Values.ToArray())).ToArray());

    /// <summary>
    /// Sets every declared part from <paramref name="snapshot"/>, after checking it against this state's declaration:
    /// the same scalars and buffers by name and order, every buffer as long as this state's, every number finite and
    /// every count whole. Nothing is changed unless all of it checks.
    /// </summary>
    /// <exception cref="InputException">The snapshot does not fit this state (the message names the part).</exception>
    public void Restore(OptimizerStateSnapshot<T> snapshot)
    {
        Check(snapshot);
        var scalars = Scalars;
        var buffers = Buffers;
        for (int i = 0; i < scalars.Count; i++) scalars[i].Value = snapshot.Scalars[i].Value;
        for (int i = 0; i < buffers.Count; i++) snapshot.Buffers[i].Value.CopyTo(buffers[i].Live);
    }

    /// <summary>Checks <paramref name="snapshot"/> against this state's declaration, as <see cref="Restore"/> does, changing nothing.</summary>
    /// <exception cref="InputException">The snapshot does not fit this state (the message names the part).</exception>
    public void Check(OptimizerStateSnapshot<T> snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var scalars = Scalars;
        var buffers = Buffers;
        CheckNames("scalars", scalars.Select(s => s.Name), snapshot.Scalars.Select(s => s.Key));
        CheckNames("buffers", buffers.Select(b => b.Name), snapshot.Buffers.Select(b => b.Key));
        for (int i = 0; i < scalars.Count; i++) scalars[i].Check(snapshot.Scalars[i].Value);
        for (int i = 0; i < buffers.Count; i++) buffers[i].Check(snapshot.Buffers[i].Value);
    }

    private static void CheckNames(string what, IEnumerable<string> declared, IEnumerable<string> given)
    {
        var expected = declared.ToList();
        var found = given.ToList();
        if (!expected.SequenceEqual(found))
            throw new InputException(
                $"the optimizer state's {what} are ({string.Join(", ", found)}), not the declared ({string.Join(", ", expected)})");
    }

    /// <summary>
    /// Calls <paramref name="consumer"/> with this state's step at <paramref name="learningRate"/> as a value type; an
    /// elementwise state hands over its own, called directly, any other one that calls <see cref="Step"/>.
    /// </summary>
    internal virtual TResult WithFixedRateStep<TConsumer, TResult>(TConsumer consumer, double learningRate)
        where TConsumer : IFixedRateStepConsumer<T, TResult> =>
        consumer.Consume(new VirtualStep(this, learningRate));

    private readonly struct VirtualStep(ParameterState<T> state, double learningRate) : IFixedRateStep<T>
    {
        public void Step(Span<T> parameters, ReadOnlySpan<T> gradient) => state.Step(parameters, gradient, learningRate);
    }

    /// <summary>
    /// <see cref="Step"/> with the elementwise work split over <paramref name="pool"/>'s threads (same bits whatever
    /// the split); a state whose update is not elementwise takes the plain step.
    /// </summary>
    internal virtual void SplitStep(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate, Numerics.WorkerPool pool) =>
        Step(parameters, gradient, learningRate);
}
