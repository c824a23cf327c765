using System.Numerics;

namespace Downhill.Optimizers;

/// <summary>How a scalar of an optimizer's state is stored, and so which values it can take.</summary>
public enum StateScalarKind
{
    /// <summary>A count (a <see cref="long"/>, at most 2⁵³): whole and not negative.</summary>
    Count,

    /// <summary>A finite <see cref="float"/>.</summary>
    Single,

    /// <summary>A finite <see cref="double"/>.</summary>
    Double,
}

/// <summary>
/// One scalar of an optimizer's state, declared by name (torch's <c>step</c>, NAdam's <c>mu_product</c>) with how it
/// is stored; <see cref="Value"/> reads and writes the live field.
/// </summary>
public sealed class StateScalar
{
    /// <summary>The largest count a scalar holds exactly as a double: 2⁵³.</summary>
    private const double LargestCount = 9007199254740992;

    private readonly Func<double> _get;
    private readonly Action<double> _set;

    private StateScalar(string name, StateScalarKind kind, Func<double> get, Action<double> set) =>
        (Name, Kind, _get, _set) = (name, kind, get, set);

    /// <summary>A count such as the step number.</summary>
    public static StateScalar Count(string name, Func<long> get, Action<long> set) =>
        new(name, StateScalarKind.Count, () => get(), value => set((long)value));

    /// <summary>A float scalar.</summary>
    public static StateScalar Single(string name, Func<float> get, Action<float> set) =>
        new(name, StateScalarKind.Single, () => get(), value => set((float)value));

    /// <summary>A double scalar.</summary>
    public static StateScalar Double(string name, Func<double> get, Action<double> set) =>
        new(name, StateScalarKind.Double, get, set);

    /// <summary>The name, as a checkpoint records it.</summary>
    public string Name { get; }

    /// <summary>How it is stored.</summary>
    public StateScalarKind Kind { get; }

    /// <summary>The live value (exact: a count up to 2⁵³ and a float are both doubles exactly).</summary>
    public double Value
    {
        get => _get();
        internal set => _set(Check(value));
    }

    /// <summary><paramref name="value"/> if this scalar can hold it; otherwise an <see cref="InputException"/> naming it.</summary>
    public double Check(double value)
    {
        bool fits = Kind switch
        {
            StateScalarKind.Count => value >= 0 && value <= LargestCount && value == Math.Floor(value),
            StateScalarKind.Single => float.IsFinite((float)value) && (float)value == value,
            _ => double.IsFinite(value),
        };
        return fits ? value : throw new InputException(
            $"the optimizer state's {Name} must be {Describe(Kind)}, not {Specs.Hyperparameter.Format(value)}");
    }

    private static string Describe(StateScalarKind kind) => kind switch
    {
        StateScalarKind.Count => "a whole number from 0 to 2^53",
        StateScalarKind.Single => "a finite float",
        _ => "a finite number",
    };
}

/// <summary>
/// One per-parameter buffer of an optimizer's state, declared by torch's name (<c>exp_avg</c>, <c>exp_avg_sq</c>,
/// <c>momentum_buffer</c>, …), over the live array the step updates.
/// </summary>
public sealed class StateBuffer<T>(string name, T[] values) where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _values = values ?? throw new ArgumentNullException(nameof(values));

    /// <summary>The name, as a checkpoint records it.</summary>
    public string Name { get; } = name;

    /// <summary>The live values, one per parameter.</summary>
    public ReadOnlySpan<T> Values => _values;

    /// <summary>The live values to restore into, in place, so the references a step holds stay valid.</summary>
    internal Span<T> Live => _values;

    /// <summary>Checks that <paramref name="values"/> can replace this buffer: as long, every number finite.</summary>
    /// <exception cref="InputException">A length that differs, or a NaN or infinity (the message says where).</exception>
    public void Check(ReadOnlySpan<T> values)
    {
        if (values.Length != _values.Length)
            throw new InputException($"the optimizer state's {Name} holds {values.Length} numbers, but the parameters are {_values.Length}");
        for (int i = 0; i < values.Length; i++)
            if (!T.IsFinite(values[i]))
                throw new InputException($"the optimizer state's {Name}[{i}] is {values[i]}, not a finite number");
    }
}

/// <summary>
/// A copy of an optimizer state's declared parts (<see cref="ParameterState{T}.Save"/>): its scalars, the step count
/// first, and its buffers, each by name, in declared order.
/// </summary>
public sealed record OptimizerStateSnapshot<T>(
    IReadOnlyList<KeyValuePair<string, double>> Scalars,
    IReadOnlyList<KeyValuePair<string, T[]>> Buffers) where T : unmanaged, IFloatingPointIeee754<T>;
