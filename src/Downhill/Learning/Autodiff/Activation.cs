using System.Numerics;
using System.Runtime.InteropServices;
using Downhill.Learning.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Learning.Autodiff;

/// <summary>
/// An elementwise function y = f(x) with its first and second derivatives: relu, leaky-relu, tanh, sigmoid, gelu
/// (torch's names and definitions). <see cref="AddGradient{T}"/> adds ∂y·f′(x) to ∂x, from x and the already computed
/// y; <see cref="Derivatives{T}"/> gives f′ and f″ for forward-over-reverse curvature (Downhill.Curvature), whose
/// tangent rules are ẏ = f′(x)·ẋ and (∂x)˙ = f′(x)·(∂y)˙ + f″(x)·ẋ·∂y. Every rule is generic over float (training)
/// and double (checking curvature).
/// </summary>
/// <remarks>
/// Where a derivative does not exist the convention is the one PyTorch's autograd follows: relu′(0) = 0 and
/// leaky-relu′(0) = slope (the branch for x ≤ 0), and the second derivative of both is 0 everywhere, 0 included (the
/// Dirac mass at the kink is dropped, as double backward drops it).
/// </remarks>
public abstract class Activation
{
    /// <summary>The activation's name in a model spec.</summary>
    public abstract string Name { get; }

    /// <summary>False when f″ is zero everywhere (relu, leaky-relu): curvature skips the f″ term.</summary>
    public virtual bool HasSecondDerivative => true;

    /// <summary>y = σ(x), entry by entry.</summary>
    public abstract void Apply<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>dx += σ′(x)·dy, entry by entry (y = σ(x) given, where the derivative is cheaper from it).</summary>
    public abstract void AddGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>f′(x) into <paramref name="first"/> and f″(x) into <paramref name="second"/> (left alone when
    /// <see cref="HasSecondDerivative"/> is false), from x and y = f(x).</summary>
    public abstract void Derivatives<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> first, Span<T> second)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>max(0, x).</summary>
    public static Activation Relu { get; } = new ReluActivation(0);
    /// <summary>max(0.01·x, x).</summary>
    public static Activation LeakyRelu { get; } = new ReluActivation(0.01);
    /// <summary>tanh x.</summary>
    public static Activation Tanh { get; } = new TanhActivation();
    /// <summary>1 / (1 + e⁻ˣ).</summary>
    public static Activation Sigmoid { get; } = new SigmoidActivation();
    /// <summary>x·Φ(x), Φ the standard normal distribution function.</summary>
    public static Activation Gelu { get; } = new GeluActivation();

    /// <summary>Every activation, by name.</summary>
    public static IReadOnlyList<Activation> All { get; } = [Relu, LeakyRelu, Tanh, Sigmoid, Gelu];

    /// <summary>The activation named <paramref name="name"/>, or an error listing the valid names.</summary>
    public static Activation Parse(string name) =>
        All.FirstOrDefault(a => a.Name == name.Trim().ToLowerInvariant())
        ?? throw new InputException($"unknown activation '{name}'; valid: {string.Join(", ", All.Select(a => a.Name))}");

    /// <summary>A constant in <typeparamref name="T"/>, rounded once from double (0.01 is 0.01f in float, 0.01 in double).</summary>
    private protected static T Constant<T>(double value) where T : IBinaryFloatingPointIeee754<T> => T.CreateTruncating(value);
}

/// <summary>relu: max(x, 0); leaky-relu: x for x &gt; 0, else 0.01·x (torch's default negative_slope).</summary>
internal sealed class ReluActivation(double slope) : Activation
{
    public override string Name => slope == 0 ? "relu" : "leaky-relu";

    public override bool HasSecondDerivative => false;

    public override void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
    {
        if (slope == 0) { TensorPrimitives.Max(x, T.Zero, y); return; }
        T s = Constant<T>(slope);
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > T.Zero ? x[i] : s * x[i];
    }

    public override void AddGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        var xs = MemoryMarshal.Cast<T, Vector<T>>(x);
        var dys = MemoryMarshal.Cast<T, Vector<T>>(dy);
        var dxs = MemoryMarshal.Cast<T, Vector<T>>(dx);
        T s = Constant<T>(slope);
        var negative = new Vector<T>(s);
        for (int v = 0; v < xs.Length; v++)
            dxs[v] += Vector.ConditionalSelect(Vector.GreaterThan(xs[v], Vector<T>.Zero), dys[v], dys[v] * negative);
        for (int i = xs.Length * Vector<T>.Count; i < x.Length; i++)
            dx[i] += x[i] > T.Zero ? dy[i] : s * dy[i];
    }

    public override void Derivatives<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> first, Span<T> second)
    {
        T s = Constant<T>(slope);
        for (int i = 0; i < x.Length; i++) first[i] = x[i] > T.Zero ? T.One : s;
    }
}

/// <summary>tanh; f′ = 1 − y², f″ = −2y(1 − y²).</summary>
internal sealed class TanhActivation : Activation
{
    public override string Name => "tanh";
    public override void Apply<T>(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Tanh(x, y);

    public override void AddGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] += dy[i] * (T.One - y[i] * y[i]);
    }

    public override void Derivatives<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> first, Span<T> second)
    {
        T two = Constant<T>(2);
        for (int i = 0; i < x.Length; i++)
        {
            T slope = T.One - y[i] * y[i];
            first[i] = slope;
            second[i] = -two * y[i] * slope;
        }
    }
}

/// <summary>sigmoid 1/(1+e⁻ˣ); f′ = y(1 − y), f″ = y(1 − y)(1 − 2y).</summary>
internal sealed class SigmoidActivation : Activation
{
    public override string Name => "sigmoid";
    public override void Apply<T>(ReadOnlySpan<T> x, Span<T> y) => TensorPrimitives.Sigmoid(x, y);

    public override void AddGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] += dy[i] * y[i] * (T.One - y[i]);
    }

    public override void Derivatives<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> first, Span<T> second)
    {
        T two = Constant<T>(2);
        for (int i = 0; i < x.Length; i++)
        {
            T slope = y[i] * (T.One - y[i]);
            first[i] = slope;
            second[i] = slope * (T.One - two * y[i]);
        }
    }
}

/// <summary>
/// gelu, exact (torch's default approximate='none'): x·Φ(x); f′ = Φ(x) + x·φ(x), f″ = φ(x)·(2 − x²). Computed in
/// double, with Φ from MathNet's erfc (good to double precision), and rounded once to the working type.
/// </summary>
internal sealed class GeluActivation : Activation
{
    public override string Name => "gelu";

    public override void Apply<T>(ReadOnlySpan<T> x, Span<T> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            y[i] = T.CreateTruncating(v * NormalCdf(v));
        }
    }

    public override void AddGradient<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, ReadOnlySpan<T> dy, Span<T> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]);
            dx[i] += T.CreateTruncating(double.CreateTruncating(dy[i]) * (NormalCdf(v) + v * NormalPdf(v)));
        }
    }

    public override void Derivatives<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> first, Span<T> second)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = double.CreateTruncating(x[i]), pdf = NormalPdf(v);
            first[i] = T.CreateTruncating(NormalCdf(v) + v * pdf);
            second[i] = T.CreateTruncating(pdf * (2 - v * v));
        }
    }

    /// <summary>Φ(x) = erfc(−x/√2)/2, which keeps its relative accuracy far into the left tail.</summary>
    internal static double NormalCdf(double x) => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    private static double NormalPdf(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
}

/// <summary>y = f(x) elementwise. Backward: ∂x += ∂y·f′(x).</summary>
public sealed class ActivationNode : Node
{
    private readonly Node _x;

    /// <summary><paramref name="function"/> applied to each entry of <paramref name="x"/>.</summary>
    public ActivationNode(Node x, Activation function)
        : base(new Tensor(x.Value.Shape.ToArray()), x.RequiresGradient) => (_x, Function) = (x, function);

    /// <summary>The function applied.</summary>
    public Activation Function { get; }

    /// <inheritdoc/>
    protected internal override void Forward() => Function.Apply<float>(_x.Value.Span, Value.Span);

    /// <inheritdoc/>
    protected internal override void Backward()
    {
        if (_x.Gradient is not { } dx) return;
        if (_x.ClaimGradient()) dx.Clear();
        Function.AddGradient<float>(_x.Value.Span, Value.Span, Gradient!.Span, dx.Span);
    }
}
