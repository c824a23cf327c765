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
    private readonly NodeFactory factory;
    private readonly object gate = new();
    private Node[]? gradient;
    private Node[]? hessianUpper;

    private Expression(string text, NodeFactory factory, Node raw, IReadOnlyList<string> variables)
    {
        Text = text;
        this.factory = factory;
        Raw = raw;
        Root = factory.Simplify(raw);
        Variables = variables;
    }

    /// <summary>The text as given.</summary>
    public string Text { get; }

    /// <summary>The variables, in the order of the objective's coordinates.</summary>
    public IReadOnlyList<string> Variables { get; }

    public int Dimension => Variables.Count;

    internal Node Raw { get; }

    /// <summary>The simplified graph that is differentiated and compiled.</summary>
    internal Node Root { get; }

    /// <summary>
    /// Parses <paramref name="text"/>. <paramref name="variables"/> (the <c>--vars</c> override) fixes the variables
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
    public IReadOnlyList<string> GradientText => Gradient.Select(Formatter.Format).ToList();

    /// <summary>∂²f/∂xᵢ∂xⱼ, row-major n×n, simplified, as text.</summary>
    public string[,] HessianText
    {
        get
        {
            int n = Dimension;
            var result = new string[n, n];
            var upper = HessianUpper;
            for (int i = 0, k = 0; i < n; i++)
            for (int j = i; j < n; j++, k++)
                result[i, j] = result[j, i] = Formatter.Format(upper[k]);
            return result;
        }
    }

    /// <summary>f at <paramref name="x"/>, by interpretation (slow; the compiled objective is what runs).</summary>
    public double Evaluate(ReadOnlySpan<double> x) => Evaluator.Evaluate(Root, x);

    /// <summary>Compiles value, value+gradient and value+gradient+Hessian, each to one delegate.</summary>
    public IObjective Compile() => new ExpressionObjective(this);

    internal IReadOnlyList<Node> Gradient
    {
        get
        {
            lock (gate)
            {
                if (gradient is null)
                {
                    var d = new Differentiator(factory);
                    gradient = Enumerable.Range(0, Dimension).Select(i => d.Derivative(Root, i)).ToArray();
                }
                return gradient;
            }
        }
    }

    /// <summary>The Hessian's upper triangle, row by row: (0,0), (0,1), …, (0,n−1), (1,1), …</summary>
    internal IReadOnlyList<Node> HessianUpper
    {
        get
        {
            var g = Gradient;
            lock (gate)
            {
                if (hessianUpper is null)
                {
                    var d = new Differentiator(factory);
                    var upper = new List<Node>();
                    for (int i = 0; i < Dimension; i++)
                    for (int j = i; j < Dimension; j++)
                        upper.Add(d.Derivative(g[i], j));
                    hessianUpper = upper.ToArray();
                }
                return hessianUpper;
            }
        }
    }

    /// <summary>Compiles under the lock: the factory is shared by all graphs of this expression.</summary>
    internal CompiledFunction CompileGradient()
    {
        var g = Gradient;
        lock (gate) return IlCompiler.Compile(Dimension, Root, g, null);
    }

    internal CompiledFunction CompileHessian()
    {
        var g = Gradient;
        var h = HessianUpper;
        lock (gate) return IlCompiler.Compile(Dimension, Root, g, h);
    }

    public override string ToString() => Text;

    /// <summary>The most variables an expression may have: its compiled Hessian writes all n² entries.</summary>
    public const int MaxVariables = 100;

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
