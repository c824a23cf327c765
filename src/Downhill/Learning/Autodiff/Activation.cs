using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using System.Runtime.InteropServices;
using Downhill.Learning.Tensors;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// An elementwise function y = f(x) with its derivative: relu, leaky-relu, tanh, sigmoid, gelu (torch's names and
/// definitions). <see cref="AddGradient"/> adds ∂y·f′(x) to ∂x, from x and the already computed y.
/// </summary>
public abstract class Activation
{
    public abstract string Name { get; }

    public abstract void Apply(ReadOnlySpan<float> x, Span<float> y);

    public abstract void AddGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx);

    public override string ToString() => Name;

    public static Activation Relu { get; } = new ReluActivation(0f);
    public static Activation LeakyRelu { get; } = new ReluActivation(0.01f);
    public static Activation Tanh { get; } = new TanhActivation();
    public static Activation Sigmoid { get; } = new SigmoidActivation();
    public static Activation Gelu { get; } = new GeluActivation();

    public static IReadOnlyList<Activation> All { get; } = [Relu, LeakyRelu, Tanh, Sigmoid, Gelu];

    /// <summary>The activation named <paramref name="name"/>, or an error listing the valid names.</summary>
    public static Activation Parse(string name) =>
        All.FirstOrDefault(a => a.Name == name.Trim().ToLowerInvariant())
        ?? throw new InputException($"unknown activation '{name}'; valid: {string.Join(", ", All.Select(a => a.Name))}");
}

/// <summary>relu: max(x, 0); leaky-relu: x for x &gt; 0, else 0.01·x (torch's default negative_slope).</summary>
internal sealed class ReluActivation(float slope) : Activation
{
    public override string Name => slope == 0 ? "relu" : "leaky-relu";

    public override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        if (slope == 0) { TensorPrimitives.Max(x, 0f, y); return; }
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : slope * x[i];
    }

    public override void AddGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
        var dys = MemoryMarshal.Cast<float, Vector<float>>(dy);
        var dxs = MemoryMarshal.Cast<float, Vector<float>>(dx);
        var negative = new Vector<float>(slope);
        for (int v = 0; v < xs.Length; v++)
            dxs[v] += Vector.ConditionalSelect(Vector.GreaterThan(xs[v], Vector<float>.Zero), dys[v], dys[v] * negative);
        for (int i = xs.Length * Vector<float>.Count; i < x.Length; i++)
            dx[i] += x[i] > 0 ? dy[i] : slope * dy[i];
    }
}

/// <summary>tanh; f′ = 1 − y².</summary>
internal sealed class TanhActivation : Activation
{
    public override string Name => "tanh";
    public override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Tanh(x, y);

    public override void AddGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] += dy[i] * (1f - y[i] * y[i]);
    }
}

/// <summary>sigmoid 1/(1+e⁻ˣ); f′ = y(1 − y).</summary>
internal sealed class SigmoidActivation : Activation
{
    public override string Name => "sigmoid";
    public override void Apply(ReadOnlySpan<float> x, Span<float> y) => TensorPrimitives.Sigmoid(x, y);

    public override void AddGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] += dy[i] * y[i] * (1f - y[i]);
    }
}

/// <summary>gelu, exact (torch's default approximate='none'): x·Φ(x); f′ = Φ(x) + x·φ(x).</summary>
internal sealed class GeluActivation : Activation
{
    public override string Name => "gelu";

    public override void Apply(ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = (float)(x[i] * NormalCdf(x[i]));
    }

    public override void AddGradient(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = x[i];
            double pdf = Math.Exp(-0.5 * v * v) / Math.Sqrt(2 * Math.PI);
            dx[i] += (float)(dy[i] * (NormalCdf(v) + v * pdf));
        }
    }

    /// <summary>Φ(x) = erfc(−x/√2)/2; erfc from Numerical Recipes' Chebyshev fit (relative error &lt; 1.2e-7).</summary>
    internal static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    private static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
            + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
            + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}

/// <summary>y = f(x) elementwise. Backward: ∂x += ∂y·f′(x).</summary>
public sealed class ActivationNode : Node
{
    private readonly Node _x;

    public ActivationNode(Node x, Activation function)
        : base(new Tensor(x.Value.Shape.ToArray()), x.RequiresGradient) => (_x, Function) = (x, function);

    public Activation Function { get; }

    protected internal override void Forward() => Function.Apply(_x.Value.Span, Value.Span);

    protected internal override void Backward()
    {
        if (_x.Gradient is not { } dx) return;
        if (_x.ClaimGradient()) dx.Clear();
        Function.AddGradient(_x.Value.Span, Value.Span, Gradient!.Span, dx.Span);
    }
}
