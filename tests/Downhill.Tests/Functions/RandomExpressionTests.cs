using Downhill.Functions.Expressions;
using FsCheck;
using FsCheck.Fluent;

namespace Downhill.Tests.Functions;

/// <summary>
/// Property: for random smooth expressions, the compiled gradient matches central differences of the value, the
/// compiled Hessian matches central differences of the gradient, and compiled code matches the interpreter.
/// </summary>
/// <remarks>
/// The generator uses only smooth building blocks with bounded inner values (sin, tanh, sigmoid, x/(1+y²),
/// log(1+u²), sqrt(1+u²) …) on points in [−1, 1]², so no sample sits on a kink or at a domain edge where finite
/// differences would be meaningless; kinks are covered exactly by <see cref="DerivativeTableTests"/>.
/// Sampling uses a fixed seed: the same 300 expressions every run.
/// </remarks>
public class RandomExpressionTests
{
    private static Gen<string> Smooth(int depth)
    {
        var leaf = Gen.OneOf(Gen.Elements("x", "y", "x", "y", "pi"), Gen.Choose(1, 9).Select(k => (k / 4.0).ToString("R")));
        if (depth == 0) return leaf;
        var sub = Smooth(depth - 1);
        Gen<string> Unary(string pattern) => sub.Select(u => string.Format(pattern, u));
        Gen<string> Binary(string pattern) => sub.SelectMany(_ => sub, (u, v) => string.Format(pattern, u, v));
        return Gen.OneOf(
            leaf,
            Binary("({0} + {1})"), Binary("({0} - {1})"), Binary("{0}*{1}"), Binary("({0})/(1 + ({1})^2)"),
            Unary("-{0}"), Unary("({0})^2"), Unary("({0})^3"), Unary("sin({0})"), Unary("cos({0})"), Unary("tanh({0})"),
            Unary("sigmoid({0})"), Unary("softplus({0})"), Unary("atan({0})"), Unary("exp(sin({0}))"),
            Unary("log(1 + ({0})^2)"), Unary("sqrt(1 + ({0})^2)"), Unary("(2 + cos({0}))^2^0.5"), Unary("2^sin({0})"),
            Binary("pow(1.5 + sin({0}), {1})"), Unary("sinh(tanh({0}))"), Unary("tanh({0})^4"), Unary("(2 + sin({0}))^-1"), Unary("(2 + cos({0}))^-2"), Unary("cosh(sin({0}))"), Unary("log10(2 + cos({0}))"));
    }

    private static Gen<(string Text, double X, double Y)> Cases =>
        from text in Smooth(4)
        from x in Gen.Choose(-1000, 1000)
        from y in Gen.Choose(-1000, 1000)
        select (text, x / 1000.0, y / 1000.0);

    [Fact]
    public void GradientAndHessianMatchCentralDifferences()
    {
        foreach (var (text, x0, y0) in Gen.Sample(Cases, 10, new Rnd(20261122UL), 300))
        {
            var expression = Expression.Parse(text, ["x", "y"]);
            var f = expression.Compile();
            double[] x = [x0, y0];
            var g = new double[2];
            var h = new double[4];
            double value = f.ValueGradientHessian(x, g, h);
            Assert.Equal(expression.Evaluate(x), value);
            Assert.Equal(value, f.Value(x));
            var fdGradient = FiniteDifferences.Gradient(f, x);
            var fdHessian = FiniteDifferences.Hessian(f, x);
            double scale = FiniteDifferences.MaxAbs([value], g, h);
            string context = $"{text} at ({x0}, {y0})";
            FiniteDifferences.AssertClose(fdGradient, g, 1e-6, scale, context + " gradient");
            FiniteDifferences.AssertClose(fdHessian, h, 1e-6, scale, context + " hessian");
            Assert.Equal(h[1], h[2]);
        }
    }
}
