namespace Downhill.Functions.Expressions;

/// <summary>
/// An <see cref="IObjective"/> over compiled expression code: pins the spans and calls one delegate per request.
/// No allocation per call. Two methods are compiled, each when first needed: value+gradient (which also serves
/// Value, given a null gradient) and value+gradient+Hessian, so a first-order method never pays for the Hessian.
/// </summary>
internal sealed unsafe class ExpressionObjective : IObjective
{
    private readonly Expression expression;
    private CompiledFunction? gradient;
    private CompiledFunction? hessian;

    public ExpressionObjective(Expression expression) => this.expression = expression;

    public int Dimension => expression.Dimension;

    public IReadOnlyList<string> Variables => expression.Variables;

    public double Value(ReadOnlySpan<double> x)
    {
        Check(x.Length, Dimension, "x");
        var code = gradient ??= expression.CompileGradient();
        fixed (double* px = x) return code(px, null, null);
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int n = Dimension;
        Check(x.Length, n, "x");
        Check(gradient.Length, n, nameof(gradient));
        var code = this.gradient ??= expression.CompileGradient();
        fixed (double* px = x, pg = gradient) return code(px, pg, null);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = Dimension;
        Check(x.Length, n, "x");
        Check(gradient.Length, n, nameof(gradient));
        Check(hessian.Length, n * n, nameof(hessian));
        var code = this.hessian ??= expression.CompileHessian();
        fixed (double* px = x, pg = gradient, ph = hessian) return code(px, pg, ph);
    }

    public override string ToString() => expression.Text;

    private static void Check(int length, int expected, string name)
    {
        if (length != expected)
            throw new ArgumentException($"{name} has length {length}, expected {expected}", name);
    }
}
