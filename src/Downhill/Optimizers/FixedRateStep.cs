using System.Numerics;

namespace Downhill.Optimizers;

/// <summary>
/// <see cref="ParameterState{T}.Step"/> at a fixed learning rate, in a value type that code generic over it is compiled
/// for (the run loop, through <see cref="ParameterState{T}.WithFixedRateStep"/>): an elementwise state's step is then
/// called directly, not through a virtual call.
/// </summary>
internal interface IFixedRateStep<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One update of <paramref name="parameters"/> given their <paramref name="gradient"/>.</summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradient);
}

/// <summary>Work compiled for a fixed-rate step type, handed the step by <see cref="ParameterState{T}.WithFixedRateStep"/>.</summary>
internal interface IFixedRateStepConsumer<T, TResult> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Does the work with <paramref name="step"/>, compiled for <typeparamref name="TStep"/>.</summary>
    TResult Consume<TStep>(TStep step) where TStep : struct, IFixedRateStep<T>;
}
