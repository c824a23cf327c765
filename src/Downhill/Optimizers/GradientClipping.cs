using System.Numerics;
using System.Runtime.InteropServices;
using Downhill.IO;

namespace Downhill.Optimizers;

/// <summary>
/// Gradient clipping as torch.nn.utils (1.13) does it between the backward pass and the optimizer's step, the usual
/// remedy for exploding gradients. An immutable value; <see cref="Apply{T}(Span{T})"/> clips in place.
/// <code>
/// by norm (clip_grad_norm_):   total = ‖(‖g₁‖ₚ, …, ‖g_k‖ₚ)‖ₚ over the parameter blocks (max |gᵢ| for p = ∞)
///                              g ← g · min(1, max_norm / (total + 10⁻⁶))
/// by value (clip_grad_value_): gᵢ ← clamp(gᵢ, −v, v)
/// </code>
/// The factor and the products are in the gradients' own precision, as torch's; each block's norm is summed in double
/// and rounded to it. A step counts as clipped when the factor is below 1 or some component was clamped. The passes
/// over the gradient are vectorized for float and double (the 2-norm's squares then add up in vector lanes, as torch's
/// do, though in another order: the total may differ from a sequential sum in its last bit); nothing is allocated.
/// </summary>
public abstract record GradientClipping
{
    private protected GradientClipping()
    {
    }

    /// <summary>torch's clip_grad_norm_: one total p-norm over all parameters, scaled down to <paramref name="maxNorm"/>.</summary>
    /// <exception cref="InputException">max_norm not a positive finite number, or norm_type not positive (∞ allowed).</exception>
    public static GradientClipping ByNorm(double maxNorm, double normType = 2) => new NormClipping(maxNorm, normType);

    /// <summary>torch's clip_grad_value_: every component clamped to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    /// <exception cref="InputException">clip_value not a positive finite number.</exception>
    public static GradientClipping ByValue(double clipValue) => new ValueClipping(clipValue);

    /// <summary>Clips one gradient (a single parameter block) in place; true when the step was clipped.</summary>
    public abstract bool Apply<T>(Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Clips the gradients of all parameter blocks in place, as one (one total norm); true when the step was clipped.</summary>
    public abstract bool Apply<T>(IReadOnlyList<Memory<T>> gradients) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The rule in words, e.g. <c>‖∇f‖₂ ≤ 1</c> or <c>|∂f/∂xᵢ| ≤ 0.5</c>.</summary>
    public abstract string Describe();

    /// <summary>A threshold as the command line writes it.</summary>
    private protected static string Format(double value) => double.IsPositiveInfinity(value) ? "inf" : RoundTrip.Format(value);
}

/// <summary>torch.nn.utils.clip_grad_norm_(parameters, max_norm, norm_type).</summary>
public sealed record NormClipping : GradientClipping
{
    /// <summary>Clipping to total p-norm <paramref name="maxNorm"/>, p = <paramref name="normType"/> (2, or ∞ for the max norm, or any p &gt; 0).</summary>
    public NormClipping(double maxNorm, double normType = 2)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
            throw new InputException($"clip_grad_norm's max_norm must be a positive number, not {Format(maxNorm)}");
        if (!(normType > 0))
            throw new InputException($"clip_grad_norm's norm_type must be a positive number or inf, not {Format(normType)}");
        MaxNorm = maxNorm;
        NormType = normType;
    }

    /// <summary>The largest total norm let through.</summary>
    public double MaxNorm { get; }

    /// <summary>p of the p-norm; +∞ for the max norm.</summary>
    public double NormType { get; }

    /// <inheritdoc/>
    public override bool Apply<T>(Span<T> gradient) => Scale(gradient, Factor(Total(BlockNorm<T>(gradient))));

    /// <inheritdoc/>
    public override bool Apply<T>(IReadOnlyList<Memory<T>> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        // torch: the norm of the stacked block norms.
        double sum = 0;
        T largest = T.Zero;
        // Indexed loops: a foreach over the interface would allocate an enumerator every step.
        for (int b = 0; b < gradients.Count; b++)
        {
            T norm = BlockNorm<T>(gradients[b].Span);
            if (double.IsPositiveInfinity(NormType)) largest = T.Max(largest, norm);
            else sum += Power(double.CreateChecked(norm));
        }
        T total = double.IsPositiveInfinity(NormType) ? largest : T.CreateChecked(Root(sum));
        T factor = Factor(total);
        bool clipped = false;
        for (int b = 0; b < gradients.Count; b++) clipped |= Scale(gradients[b].Span, factor);
        return clipped;
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"‖∇f‖{(NormType == 2 ? "₂" : double.IsPositiveInfinity(NormType) ? "∞" : $"_{Format(NormType)}")} ≤ {Format(MaxNorm)}";

    /// <summary>The total of one block: ‖(‖g‖ₚ)‖ₚ as torch stacks the block norms (exactly ‖g‖ₚ for p = 2 and ∞).</summary>
    private T Total<T>(T blockNorm) where T : unmanaged, IFloatingPointIeee754<T> =>
        double.IsPositiveInfinity(NormType) ? blockNorm : T.CreateChecked(Root(Power(double.CreateChecked(blockNorm))));

    private T BlockNorm<T>(ReadOnlySpan<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (double.IsPositiveInfinity(NormType))
        {
            T largest = T.Zero;
            foreach (T gi in g) largest = T.IsNaN(gi) ? gi : T.Max(largest, T.Abs(gi));
            return largest;
        }
        if (NormType == 2) return T.CreateChecked(Math.Sqrt(SumOfSquares(g)));
        double sum = 0;
        foreach (T gi in g) sum += Power(double.CreateChecked(gi));
        return T.CreateChecked(Root(sum));
    }

    /// <summary>Σ gᵢ² in double, in vector lanes for float and double (sequentially for fewer components than a vector holds).</summary>
    private static double SumOfSquares<T>(ReadOnlySpan<T> g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && typeof(T) == typeof(double))
        {
            var values = MemoryMarshal.Cast<T, double>(g);
            var lanes = Vector<double>.Zero;
            for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = new Vector<double>(values[i..]);
                lanes += v * v;
            }
            sum = Vector.Sum(lanes);
        }
        else if (Vector.IsHardwareAccelerated && typeof(T) == typeof(float))
        {
            var values = MemoryMarshal.Cast<T, float>(g);
            Vector<double> low = Vector<double>.Zero, high = Vector<double>.Zero;
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(values[i..]), out var a, out var b);
                low += a * a;
                high += b * b;
            }
            sum = Vector.Sum(low + high);
        }
        for (; i < g.Length; i++)
        {
            double v = double.CreateChecked(g[i]);
            sum += v * v;
        }
        return sum;
    }

    private double Power(double v) => NormType == 2 ? v * v : Math.Pow(Math.Abs(v), NormType);

    private double Root(double sum) => NormType == 2 ? Math.Sqrt(sum) : Math.Pow(sum, 1 / NormType);

    /// <summary>
    /// min(1, max_norm / (total + 10⁻⁶)) in T's precision, the division as torch's <c>float / tensor</c> computes it:
    /// the reciprocal times max_norm.
    /// </summary>
    private T Factor<T>(T total) where T : unmanaged, IFloatingPointIeee754<T> =>
        T.Min(T.One / (total + T.CreateChecked(1e-6)) * T.CreateChecked(MaxNorm), T.One);

    private static bool Scale<T>(Span<T> g, T factor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(factor < T.One)) return false;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
            for (; i <= g.Length - Vector<T>.Count; i += Vector<T>.Count)
                (new Vector<T>(g[i..]) * factor).CopyTo(g[i..]);
        for (; i < g.Length; i++) g[i] *= factor;
        return true;
    }
}

/// <summary>torch.nn.utils.clip_grad_value_(parameters, clip_value).</summary>
public sealed record ValueClipping : GradientClipping
{
    /// <summary>Clipping each component to [−<paramref name="clipValue"/>, <paramref name="clipValue"/>].</summary>
    public ValueClipping(double clipValue)
    {
        if (!(clipValue > 0) || !double.IsFinite(clipValue))
            throw new InputException($"clip_grad_value's clip_value must be a positive number, not {Format(clipValue)}");
        ClipValue = clipValue;
    }

    /// <summary>The largest magnitude a component keeps.</summary>
    public double ClipValue { get; }

    /// <inheritdoc/>
    public override bool Apply<T>(Span<T> gradient)
    {
        T high = T.CreateChecked(ClipValue), low = -high;
        bool clipped = false;
        int i = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            Vector<T> highs = new(high), lows = new(low), outside = Vector<T>.Zero;
            for (; i <= gradient.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                var g = new Vector<T>(gradient[i..]);
                // Comparisons with NaN are false: a NaN component is left as it is, as below.
                Vector<T> above = Vector.GreaterThan(g, highs), below = Vector.LessThan(g, lows);
                outside |= above | below;
                Vector.ConditionalSelect(above, highs, Vector.ConditionalSelect(below, lows, g)).CopyTo(gradient[i..]);
            }
            clipped = Vector.AsVectorByte(outside) != Vector<byte>.Zero;
        }
        for (; i < gradient.Length; i++)
        {
            T gi = gradient[i];
            if (gi > high) (gradient[i], clipped) = (high, true);
            else if (gi < low) (gradient[i], clipped) = (low, true);
        }
        return clipped;
    }

    /// <inheritdoc/>
    public override bool Apply<T>(IReadOnlyList<Memory<T>> gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        bool clipped = false;
        for (int b = 0; b < gradients.Count; b++) clipped |= Apply(gradients[b].Span);
        return clipped;
    }

    /// <inheritdoc/>
    public override string Describe() => $"|∂f/∂xᵢ| ≤ {Format(ClipValue)}";
}
