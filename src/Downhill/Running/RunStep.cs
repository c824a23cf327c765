using System.Runtime.CompilerServices;
using Downhill.Functions;

namespace Downhill.Running;

/// <summary>
/// One iteration of a method, as <see cref="IMethodRun.Advance"/>, in a value type the run loop is compiled for: the
/// runtime compiles a generic method separately for each value type it is given, so the loop calls the step (and the
/// step its optimizer's update) directly and can inline it, where a call through an interface waits for the runtime's
/// profile-guided optimization, which a loop compiled fully optimized from the start never gets.
/// </summary>
internal interface IRunStep
{
    /// <summary>As <see cref="IMethodRun.Advance"/>.</summary>
    void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective);
}

/// <summary>Work compiled for a step type (the run loop), handed the step by <see cref="IStepSpecializingRun"/>.</summary>
internal interface IRunStepConsumer<TResult>
{
    /// <summary>Does the work with <paramref name="step"/>, compiled for <typeparamref name="TStep"/>.</summary>
    TResult Consume<TStep>(TStep step) where TStep : struct, IRunStep;
}

/// <summary>
/// A method run that can hand its step to the loop as a value type of its own (a first-order optimizer's plain step);
/// any other run is advanced through <see cref="MethodRunStep"/>.
/// </summary>
internal interface IStepSpecializingRun
{
    /// <summary>Calls <paramref name="consumer"/> with this run's step.</summary>
    TResult Specialize<TConsumer, TResult>(TConsumer consumer) where TConsumer : IRunStepConsumer<TResult>;
}

/// <summary>Any method run's step, through <see cref="IMethodRun"/>.</summary>
internal readonly struct MethodRunStep(IMethodRun run) : IRunStep
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective) =>
        run.Advance(x, ref f, gradient, objective);
}
