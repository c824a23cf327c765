namespace Downhill.Functions.Expressions;

/// <summary>
/// An <see cref="IObjective"/> over compiled expression code: pins the spans and calls one delegate per request.
/// No allocation per call. Two methods are compiled, each when first needed: value+gradient (which also serves
/// Value, given a null gradient) and value+gradient+Hessian, so a first-order method never pays for the Hessian.
/// Where the Hessian is too large for formulas, the second is H·v, called once per column.
/// </summary>
internal sealed unsafe class ExpressionObjective : IObjective
{
    private readonly Expression _expression;
    private CompiledFunction? _gradient;
    private (CompiledFunction Code, bool IsProduct)? _hessian;

    public ExpressionObjective(Expression expression) => this._expression = expression;

    public int Dimension => _expression.Dimension;

    public IReadOnlyList<string> Variables => _expression.Variables;

    public double Value(ReadOnlySpan<double> x)
    {
        Check(x.Length, Dimension, "x");
        var code = _gradient ??= _expression.CompileGradient();
        fixed (double* px = x) return code(px, null, null);
    }

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        int n = Dimension;
        Check(x.Length, n, "x");
        Check(gradient.Length, n, nameof(gradient));
        var code = this._gradient ??= _expression.CompileGradient();
        fixed (double* px = x, pg = gradient) return code(px, pg, null);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> gradient, Span<double> hessian)
    {
        int n = Dimension;
        Check(x.Length, n, "x");
        Check(gradient.Length, n, nameof(gradient));
        Check(hessian.Length, n * n, nameof(hessian));
        var (code, isProduct) = this._hessian ??= _expression.CompileHessian();
        if (!isProduct)
            fixed (double* px = x, pg = gradient, ph = hessian) return code(px, pg, ph);
        double value = ValueAndGradient(x, gradient);
        // Column j of H is H·eⱼ; the lower triangle is mirrored from it so H stays exactly symmetric. n ≤ 100.
        Span<double> point = stackalloc double[2 * n];
        Span<double> column = stackalloc double[n];
        x.CopyTo(point);
        fixed (double* pp = point, pc = column)
        {
            for (int j = 0; j < n; j++)
            {
                point[n..].Clear();
                point[n + j] = 1;
                code(pp, pc, null);
                for (int i = j; i < n; i++)
                    hessian[i * n + j] = hessian[j * n + i] = column[i];
            }
        }
        return value;
    }

    public override string ToString() => _expression.Text;

    private static void Check(int length, int expected, string name)
    {
        if (length != expected)
            throw new ArgumentException($"{name} has length {length}, expected {expected}", name);
    }
}
