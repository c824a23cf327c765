namespace Downhill.Functions.Expressions;

/// <summary>
/// Makes <see cref="Node"/>s, hash-consed, and simplifies as it builds.
/// </summary>
/// <remarks>
/// <para>Why hash-consing: symbolic derivatives repeat subexpressions massively (the chain rule copies inner
/// functions into every partial). Interning each node by (kind, operands) makes every repeat the same object, so the
/// compiler shares it by computing it once, and each node is built and differentiated in O(1) amortized time.</para>
/// <para>The simplifying constructors (<see cref="Add"/>, <see cref="Multiply"/>, …) fold plain numbers, drop 0 and 1
/// identities, pull negations and numeric factors outward (<c>x*(-2)</c> → <c>-2*x</c>), turn <c>a*a</c> into
/// <c>a^2</c>, and put product operands in a canonical order, so the derivatives <c>derive</c> prints read like
/// hand-written ones. They assume finite values: <c>0*a</c> becomes 0 even though 0·∞ is NaN. For the same reason a
/// fold whose result is not finite (<c>1e308*10</c>, <c>log(0)</c>) is not done: the operation stays as written, so
/// no graph ever holds an infinite or NaN constant (which would print as text the parser cannot read, and turn a
/// later 0·∞ or ∞ − ∞ into NaN).
/// Named constants (pi, e) are kept by name, not folded into numbers, for readability.</para>
/// <para>The raw constructor <see cref="Make"/> builds exactly what was written (the parser uses it).</para>
/// <para>A factory holds at most <see cref="Limit"/> nodes: one more throws <see cref="GraphTooLargeException"/>, which
/// bounds the time and memory that differentiating a large expression can take.</para>
/// A factory is not thread-safe; each expression owns one.
/// </remarks>
internal sealed class NodeFactory
{
    private readonly record struct Key(NodeKind Kind, long ValueBits, int Index, string? Name, Builtin Function, Node? Left, Node? Right);

    private readonly Dictionary<Key, Node> _nodes = [];

    /// <summary>The most nodes this factory makes; building one more throws <see cref="GraphTooLargeException"/>.</summary>
    public int Limit { get; set; } = int.MaxValue;

    /// <summary>The nodes made so far.</summary>
    public int Count => _nodes.Count;

    /// <summary>
    /// Drops every node made after the first <paramref name="count"/>: undoes an abandoned build, whose nodes nothing
    /// kept refers to.
    /// </summary>
    public void Forget(int count)
    {
        foreach (var (key, node) in _nodes.ToList())
            if (node.Id >= count) _nodes.Remove(key);
    }

    public Node Zero => Number(0);
    public Node One => Number(1);

    /// <summary>The node exactly as given (interned, not simplified).</summary>
    public Node Make(NodeKind kind, Node? left = null, Node? right = null, Builtin function = Builtin.None,
        double value = 0, int index = -1, string? name = null)
    {
        var key = new Key(kind, BitConverter.DoubleToInt64Bits(value), index, name, function, left, right);
        if (!_nodes.TryGetValue(key, out var node))
        {
            if (_nodes.Count >= Limit) throw new GraphTooLargeException(Limit);
            node = new Node(_nodes.Count, kind, value, index, name, function, left, right);
            _nodes.Add(key, node);
        }
        return node;
    }

    public Node Number(double value) => Make(NodeKind.Constant, value: value);

    /// <summary>A folded result: the number, or null where it is not finite (the caller then keeps the operation).</summary>
    private Node? Folded(double value) => double.IsFinite(value) ? Number(value) : null;

    public Node NamedConstant(string name, double value) => Make(NodeKind.Constant, value: value, name: name);

    public Node Variable(int index, string name) => Make(NodeKind.Variable, index: index, name: name);

    public Node Negate(Node a)
    {
        if (a.IsNumber) return Number(-a.Value);
        if (a.Kind == NodeKind.Negate) return a.Left!;
        if (a.Kind == NodeKind.Multiply && a.Left!.IsNumber) return Multiply(Number(-a.Left.Value), a.Right!);
        if (a.Kind == NodeKind.Subtract) return Subtract(a.Right!, a.Left!);
        return Make(NodeKind.Negate, a);
    }

    public Node Add(Node a, Node b)
    {
        if (a.IsNumber && b.IsNumber && Folded(a.Value + b.Value) is { } sum) return sum;
        if (a.Is(0)) return b;
        if (b.Is(0)) return a;
        if (b.Kind == NodeKind.Negate) return Subtract(a, b.Left!);
        if (a.Kind == NodeKind.Negate) return Subtract(b, a.Left!);
        if (b.IsNumber && b.Value < 0) return Subtract(a, Number(-b.Value));
        if (b.Kind == NodeKind.Multiply && b.Left!.IsNumber && b.Left.Value < 0)
            return Subtract(a, Multiply(Number(-b.Left.Value), b.Right!));
        if (CombineLikeTerms(a, b, 1) is { } combined) return combined;
        return Make(NodeKind.Add, a, b);
    }

    public Node Subtract(Node a, Node b)
    {
        if (a.IsNumber && b.IsNumber && Folded(a.Value - b.Value) is { } difference) return difference;
        if (b.Is(0)) return a;
        if (a.Is(0)) return Negate(b);
        if (a == b) return Zero;
        if (b.Kind == NodeKind.Negate) return Add(a, b.Left!);
        if (CombineLikeTerms(a, b, -1) is { } combined) return combined;
        if (b.IsNumber && b.Value < 0) return Add(a, Number(-b.Value));
        if (b.Kind == NodeKind.Multiply && b.Left!.IsNumber && b.Left.Value < 0)
            return Add(a, Multiply(Number(-b.Left.Value), b.Right!));
        return Make(NodeKind.Subtract, a, b);
    }

    public Node Multiply(Node a, Node b)
    {
        if (a.IsNumber && b.IsNumber && Folded(a.Value * b.Value) is { } product) return product;
        if (a.Is(0) || b.Is(0)) return Zero;
        if (a.Is(1)) return b;
        if (b.Is(1)) return a;
        if ((b.IsNumber && !a.IsNumber) || (b.IsConstant && !a.IsConstant)) return Multiply(b, a);
        if (a.Is(-1)) return Negate(b);
        if (a.Kind == NodeKind.Negate) return Negate(Multiply(a.Left!, b));
        if (b.Kind == NodeKind.Negate) return Negate(Multiply(a, b.Left!));
        bool bScaled = b.Kind == NodeKind.Multiply && b.Left!.IsNumber;
        if (a.IsNumber && bScaled && Folded(a.Value * b.Left!.Value) is { } factor) return Multiply(factor, b.Right!);
        if (!a.IsNumber && bScaled) return Multiply(b.Left!, Multiply(a, b.Right!));
        if (!b.IsConstant && a.Kind == NodeKind.Multiply && a.Left!.IsNumber) return Multiply(a.Left, Multiply(a.Right!, b));
        if (a.Kind == NodeKind.Divide && a.Left!.Is(1)) return Divide(b, a.Right!);
        if (b.Kind == NodeKind.Divide && b.Left!.Is(1)) return Divide(a, b.Right!);
        if (!a.IsNumber && !b.IsNumber && TryCombinePowers(a, b) is { } power) return power;
        if (!a.IsNumber && b.Kind == NodeKind.Multiply && !b.Left!.IsNumber && TryCombinePowers(a, b.Left) is { } inner)
            return Multiply(inner, b.Right!);
        if (!b.IsConstant && a.Kind == NodeKind.Multiply && !a.Right!.IsConstant && TryCombinePowers(a.Right, b) is { } last)
            return Multiply(a.Left!, last);
        if (!a.IsConstant && !b.IsConstant && Rank(b) < Rank(a)) (a, b) = (b, a);
        return Make(NodeKind.Multiply, a, b);
    }

    public Node Divide(Node a, Node b)
    {
        // 1/3 stays a fraction: 0.3333333333333333 reads worse, and the compiler folds it to the same number anyway.
        if (a.IsNumber && b.IsNumber && double.IsFinite(a.Value / b.Value) && Formatter.FormatNumber(a.Value / b.Value).Length <= 8)
            return Number(a.Value / b.Value);
        if (b.Is(1)) return a;
        if (a.Is(0)) return Zero;
        if (a.Kind == NodeKind.Negate) return Negate(Divide(a.Left!, b));
        if (b.Kind == NodeKind.Negate) return Negate(Divide(a, b.Left!));
        if (a == b) return One;
        return Make(NodeKind.Divide, a, b);
    }

    public Node Power(Node a, Node b)
    {
        if (a.IsNumber && b.IsNumber && Folded(MathFunctions.Power(a.Value, b.Value)) is { } power) return power;
        if (b.Is(1)) return a;
        if (b.Is(0) || a.Is(1)) return One;
        // (uᵖ)^q = u^(pq) for whole p and q only: (u^0.5)^2 is NaN for u < 0, not u.
        if (a.Kind == NodeKind.Power && a.Right!.IsNumber && double.IsInteger(a.Right.Value) && b.IsNumber && double.IsInteger(b.Value)
            && Folded(a.Right.Value * b.Value) is { } exponent)
            return Power(a.Left!, exponent);
        return Make(NodeKind.Power, a, b);
    }

    public Node Call(Builtin function, Node a, Node? b = null)
    {
        if (a.IsNumber && (b is null || b.IsNumber) && Folded(Evaluator.Apply(function, a.Value, b?.Value ?? 0)) is { } value)
            return value;
        return Make(NodeKind.Call, a, b, function);
    }

    /// <summary>Rebuilds a raw tree through the simplifying constructors.</summary>
    public Node Simplify(Node node, Dictionary<Node, Node>? memo = null)
    {
        memo ??= [];
        if (memo.TryGetValue(node, out var done)) return done;
        Node? l = node.Left is null ? null : Simplify(node.Left, memo);
        Node? r = node.Right is null ? null : Simplify(node.Right, memo);
        Node result = node.Kind switch
        {
            NodeKind.Negate => Negate(l!),
            NodeKind.Add => Add(l!, r!),
            NodeKind.Subtract => Subtract(l!, r!),
            NodeKind.Multiply => Multiply(l!, r!),
            NodeKind.Divide => Divide(l!, r!),
            NodeKind.Power => Power(l!, r!),
            NodeKind.Call => Call(node.Function, l!, r),
            _ => node,
        };
        memo[node] = result;
        return result;
    }

    /// <summary>c·t ± d·t → (c ± d)·t, also when c·t is any term of a sum on the left: (s + c·t) ± d·t → s + (c ± d)·t.</summary>
    private Node? CombineLikeTerms(Node a, Node b, double sign)
    {
        var (cb, tb) = Split(b);
        if (tb.IsNumber) return null;
        var (ca, ta) = Split(a);
        if (ta == tb) return Folded(ca + sign * cb) is { } c ? Multiply(c, tb) : null;
        if (a.Kind is NodeKind.Add or NodeKind.Subtract)
        {
            var (c2, t2) = Split(a.Right!);
            if (t2 == tb)
            {
                double c = (a.Kind == NodeKind.Add ? c2 : -c2) + sign * cb;
                return Folded(c) is { } coefficient ? Add(a.Left!, Multiply(coefficient, tb)) : null;
            }
            if (CombineLikeTerms(a.Left!, b, sign) is { } left)
                return a.Kind == NodeKind.Add ? Add(left, a.Right!) : Subtract(left, a.Right!);
        }
        return null;
    }

    /// <summary>A term as coefficient × rest: 3·t → (3, t), −t → (−1, t), t → (1, t).</summary>
    private static (double Coefficient, Node Term) Split(Node t) => t.Kind switch
    {
        NodeKind.Multiply when t.Left!.IsNumber => (t.Left.Value, t.Right!),
        NodeKind.Negate => (-1, t.Left!),
        _ => (1, t),
    };

    /// <summary>a·a → a², aᵖ·a → aᵖ⁺¹, aᵖ·a^q → aᵖ⁺q for numeric exponents.</summary>
    private Node? TryCombinePowers(Node a, Node b)
    {
        (Node baseA, double p) = a.Kind == NodeKind.Power && a.Right!.IsNumber ? (a.Left!, a.Right.Value) : (a, 1.0);
        (Node baseB, double q) = b.Kind == NodeKind.Power && b.Right!.IsNumber ? (b.Left!, b.Right.Value) : (b, 1.0);
        return baseA == baseB && Folded(p + q) is { } exponent ? Power(baseA, exponent) : null;
    }

    /// <summary>Canonical order of product operands: constant factors, variables (by index), powers of them, the rest.</summary>
    private static long Rank(Node n) => n.Kind switch
    {
        _ when !n.HasVariables => n.Id - (1L << 32),
        NodeKind.Variable => n.Index,
        NodeKind.Power when n.Left!.Kind == NodeKind.Variable => (1L << 32) + n.Left.Index,
        NodeKind.Call => (3L << 32) + n.Id,
        _ => (2L << 32) + n.Id,
    };
}

/// <summary>A graph grew past its factory's <see cref="NodeFactory.Limit"/>.</summary>
internal sealed class GraphTooLargeException(int limit) : Exception($"more than {limit} nodes")
{
    public int Limit { get; } = limit;
}
