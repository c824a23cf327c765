namespace Downhill.Functions.Expressions;

/// <summary>
/// A parsed expression in Downhill's function language, with its exact symbolic derivatives.
/// </summary>
/// <remarks>
/// <para>Language: numbers (<c>2</c>, <c>2.5</c>, <c>1e-3</c>), variables (identifiers), <c>+ - * /</c>, <c>^</c> or
/// <c>**</c> (right-associative and tighter than unary minus: <c>-x^2</c> = −(x²), <c>2^3^2</c> = 512), parentheses,
/// the constants <c>pi</c> and <c>e</c>, and the functions sin cos tan asin acos atan sinh cosh tanh exp log (natural)
/// log10 sqrt abs sign pow min max sigmoid relu softplus step (step(x) = 1 for x &gt; 0, else 0).</para>
/// <para>Where a function is not differentiable the derivative takes a defined value, never an exception:
/// abs'(0) = 0, relu'(0) = 0, sign' = step' = 0, sqrt'(0) = +∞, and min/max follow their first argument at a tie.
/// Outside a function's domain (log or sqrt of a negative, asin of 2) the value is NaN.</para>
/// <para>Immutable and thread-safe once built; the derivative graphs are built when first asked for.</para>
/// </remarks>
public sealed class Expression
{
    private readonly NodeFactory _factory;
    private readonly object _gate = new();
    private Node[]? _gradient;
    private Node[]? _hessianUpper;
    private Node[]? _hessianProduct;

    private Expression(string text, NodeFactory factory, Node raw, IReadOnlyList<string> variables)
    {
        Text = text;
        this._factory = factory;
        Raw = raw;
        Root = factory.Simplify(raw);
        Variables = variables;
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    /// <summary>The variables, in the order of the objective's coordinates.</summary>
    public IReadOnlyList<string> Variables { get; }

    /// <summary>n, the number of variables.</summary>
    public int Dimension => Variables.Count;

    internal Node Raw { get; }

    /// <summary>The simplified graph that is differentiated and compiled.</summary>
    internal Node Root { get; }

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="variables"/> (an override of the default order) fixes the variables
    /// and their order and may name variables the text does not use; otherwise they are the identifiers found, in
    /// <see cref="VariableOrder"/>. Throws <see cref="InputException"/> pointing into the text.
    /// </summary>
    public static Expression Parse(string text, IReadOnlyList<string>? variables = null)
    {
        if (variables is not null) CheckVariableNames(variables);
        var factory = new NodeFactory();
        var (root, names) = Parser.Parse(text, factory, variables);
        return new Expression(text, factory, root, names);
    }

    /// <summary>f as parsed, printed in canonical spacing.</summary>
    public string Formatted => Formatter.Format(Raw);

    /// <summary>f as simplified text.</summary>
    public string Simplified => Formatter.Format(Root);

    /// <summary>∂f/∂xᵢ for each variable, simplified, as text.</summary>
    public IReadOnlyList<string> GradientText => Gradient.Select(g => Formatter.Format(g)).ToList();

    /// <summary>∂²f/∂xᵢ∂xⱼ, row-major n×n, simplified, as text.</summary>
    /// <exception cref="InputException">The Hessian has no formulas (see <see cref="HasHessianFormulas"/>).</exception>
    public string[,] HessianText
    {
        get
        {
            int n = Dimension;
            var result = new string[n, n];
            var upper = HessianUpper ?? throw HessianTooLarge();
            for (int i = 0, k = 0; i < n; i++)
            for (int j = i; j < n; j++, k++)
                result[i, j] = result[j, i] = Formatter.Format(upper[k]);
            return result;
        }
    }

    /// <summary>
    /// Whether the Hessian is built as formulas. Where they would exceed <see cref="MaxSubexpressions"/> (the Hessian
    /// of a product of n variables has about n³/6 distinct terms) it is not: the compiled objective then computes it
    /// column by column as Hessian-vector products, from a graph the size of the gradient's.
    /// </summary>
    public bool HasHessianFormulas => HessianUpper is not null;

    /// <summary>∂f/∂xᵢ as text, or null where the text would be longer than <paramref name="maxLength"/> characters.</summary>
    public string? GradientFormula(int i, int maxLength) => Formatter.Format(Gradient[i], maxLength);

    /// <summary>∂²f/∂xᵢ∂xⱼ as text, or null where it would be longer than <paramref name="maxLength"/> characters.</summary>
    /// <exception cref="InputException">The Hessian has no formulas (see <see cref="HasHessianFormulas"/>).</exception>
    public string? HessianFormula(int i, int j, int maxLength)
    {
        var upper = HessianUpper ?? throw HessianTooLarge();
        if (i > j) (i, j) = (j, i);
        return Formatter.Format(upper[i * Dimension - i * (i - 1) / 2 + (j - i)], maxLength);
    }

    /// <summary>f at <paramref name="x"/>, by interpretation (slow; the compiled objective is what runs).</summary>
    public double Evaluate(ReadOnlySpan<double> x) => Evaluator.Evaluate(Root, x);

    /// <summary>Compiles value, value+gradient and value+gradient+Hessian, each to one delegate.</summary>
    public IObjective Compile() => new ExpressionObjective(this);

    internal IReadOnlyList<Node> Gradient
    {
        get
        {
            lock (_gate)
            {
                if (_gradient is null)
                {
                    var d = new Differentiator(_factory);
                    _gradient = Bounded(() => Enumerable.Range(0, Dimension).Select(i => d.Derivative(Root, i)).ToArray())
                               ?? throw new InputException($"the expression is too large to differentiate: its gradient has more than {MaxSubexpressions:N0} distinct subexpressions");
                }
                return _gradient;
            }
        }
    }

    /// <summary>The Hessian's upper triangle, row by row: (0,0), (0,1), …, (0,n−1), (1,1), …; null where it would
    /// not fit in <see cref="MaxSubexpressions"/> (then <see cref="HessianProduct"/> is built instead).</summary>
    internal IReadOnlyList<Node>? HessianUpper
    {
        get
        {
            BuildHessian();
            return _hessianUpper;
        }
    }

    /// <summary>
    /// H·v for the direction v held in the variables of index n … 2n−1 (see <see cref="Differentiator.Direction"/>);
    /// built only where <see cref="HessianUpper"/> is null.
    /// </summary>
    internal IReadOnlyList<Node>? HessianProduct
    {
        get
        {
            BuildHessian();
            return _hessianProduct;
        }
    }

    private void BuildHessian()
    {
        var g = Gradient;
        lock (_gate)
        {
            if (_hessianUpper is not null || _hessianProduct is not null) return;
            _hessianUpper = Bounded(() =>
            {
                var d = new Differentiator(_factory);
                var upper = new List<Node>();
                for (int i = 0; i < Dimension; i++)
                for (int j = i; j < Dimension; j++)
                    upper.Add(d.Derivative(g[i], j));
                return upper.ToArray();
            });
            if (_hessianUpper is not null) return;
            var along = new Differentiator(_factory) { Dimension = Dimension };
            _hessianProduct = Bounded(() => g.Select(gi => along.Derivative(gi, Differentiator.Direction)).ToArray())
                             ?? throw HessianTooLarge();
        }
    }

    /// <summary>Builds within <see cref="MaxSubexpressions"/> nodes, or undoes the attempt and returns null.</summary>
    private Node[]? Bounded(Func<Node[]> build)
    {
        int before = _factory.Count;
        _factory.Limit = MaxSubexpressions;
        try
        {
            return build();
        }
        catch (GraphTooLargeException)
        {
            _factory.Forget(before);
            return null;
        }
    }

    private static InputException HessianTooLarge() =>
        new($"the expression's Hessian is too large to build: more than {MaxSubexpressions:N0} distinct subexpressions");

    /// <summary>Compiles under the lock: the factory is shared by all graphs of this expression.</summary>
    internal CompiledFunction CompileGradient()
    {
        var g = Gradient;
        lock (_gate) return IlCompiler.Compile(Dimension, Root, g, null);
    }

    /// <summary>
    /// Value, gradient and Hessian in one method; or, where the Hessian has no formulas, H·v in one method of 2n
    /// inputs (x, then v) that writes H·v where the gradient goes (<see cref="ExpressionObjective"/> calls it per column).
    /// </summary>
    internal (CompiledFunction Code, bool IsProduct) CompileHessian()
    {
        var g = Gradient;
        var upper = HessianUpper;
        lock (_gate)
        {
            return upper is not null
                ? (IlCompiler.Compile(Dimension, Root, g, upper), false)
                : (IlCompiler.Compile(2 * Dimension, Root, _hessianProduct!, null), true);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    /// <summary>The most variables an expression may have, whether found in its text or named by a list: its Hessian has n² entries.</summary>
    public const int MaxVariables = 100;

    /// <summary>
    /// The most distinct subexpressions (graph nodes) an expression, its gradient and its Hessian may hold together.
    /// It bounds the time and memory of differentiating and compiling, and keeps the compiled method well within IL's
    /// 65,535 locals. A Hessian that would not fit is computed as Hessian-vector products (see
    /// <see cref="HasHessianFormulas"/>); a gradient that would not fit is an <see cref="InputException"/>.
    /// </summary>
    public const int MaxSubexpressions = 50_000;

    private static void CheckVariableNames(IReadOnlyList<string> variables)
    {
        string list = string.Join(",", variables);
        for (int i = 0, at = 0; i < variables.Count; at += variables[i].Length + 1, i++)
        {
            string v = variables[i];
            bool identifier = v.Length > 0 && (char.IsAsciiLetter(v[0]) || v[0] == '_') && v.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
            if (!identifier)
                throw new InputException($"variable name '{v}' is not an identifier (a letter or _, then letters, digits, _)", list, at);
            if (Builtins.AllNames.Contains(v))
                throw new InputException($"variable name '{v}' is reserved for a function or constant", list, at);
            for (int j = 0; j < i; j++)
                if (variables[j] == v)
                    throw new InputException($"variable '{v}' is named twice", list, at);
        }
        if (variables.Count == 0) throw new InputException("the variable list is empty");
        if (variables.Count > MaxVariables)
            throw new InputException($"an expression may have at most {MaxVariables} variables (its Hessian has n² entries), not {variables.Count}");
    }
}
