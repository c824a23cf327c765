namespace Downhill.Functions.Expressions;

/// <summary>
/// Symbolic differentiation on the hash-consed graph, memoized per (node, variable), simplifying as it goes.
/// </summary>
/// <remarks>
/// Why symbolic rather than automatic differentiation: the same derivative graphs serve both purposes — printed,
/// they let a learner check their calculus (<c>derive</c>); compiled with shared subexpressions, they cost about
/// what hand-written derivative code costs, with no tape and no allocation per call.
/// <para>Where a derivative does not exist, these are the values used (never an exception):
/// abs'(0) = sign(0) = 0; relu'(0) = step(0) = 0; sign' = step' = 0 everywhere (the jumps are ignored);
/// sqrt'(0) = 1/(2·sqrt(0)) = +∞; at a tie min(a,b) and max(a,b) follow their first argument a;
/// aᵇ with a non-constant exponent uses ln a, so it is NaN for a ≤ 0.</para>
/// </remarks>
internal sealed class Differentiator(NodeFactory factory)
{
    /// <summary>
    /// The "variable" that asks for the directional derivative Σⱼ vⱼ·∂node/∂xⱼ, where vⱼ is the variable of index
    /// dimension + j: differentiating the gradient this way gives Hessian-vector products from a graph the size of the
    /// gradient's, where the Hessian's own graph can be n times larger.
    /// </summary>
    public const int Direction = -1;

    private readonly Dictionary<(Node, int), Node> _memo = [];

    /// <summary>The number of variables; the direction's components follow them (see <see cref="Direction"/>).</summary>
    public int Dimension { get; init; }

    /// <summary>∂node/∂x_variable, or the derivative along the direction for <see cref="Direction"/>.</summary>
    public Node Derivative(Node node, int variable)
    {
        if (!node.HasVariables) return factory.Zero;
        if (_memo.TryGetValue((node, variable), out var known)) return known;
        Node result = Compute(node, variable);
        _memo[(node, variable)] = result;
        return result;
    }

    private Node Compute(Node n, int v)
    {
        var f = factory;
        Node a = n.Left!, b = n.Right!;
        switch (n.Kind)
        {
            case NodeKind.Variable:
                if (v == Direction) return f.Variable(Dimension + n.Index, "d" + n.Name);
                return n.Index == v ? f.One : f.Zero;
            case NodeKind.Negate: return f.Negate(Derivative(a, v));
            case NodeKind.Add: return f.Add(Derivative(a, v), Derivative(b, v));
            case NodeKind.Subtract: return f.Subtract(Derivative(a, v), Derivative(b, v));
            case NodeKind.Multiply:
                return f.Add(f.Multiply(Derivative(a, v), b), f.Multiply(a, Derivative(b, v)));
            case NodeKind.Divide:
            {
                // a'/b − a·b'/b²: with a constant denominator only the first term survives.
                Node db = Derivative(b, v);
                return f.Subtract(f.Divide(Derivative(a, v), b), f.Divide(f.Multiply(a, db), f.Power(b, f.Number(2))));
            }
            case NodeKind.Power: return PowerRule(a, b, v);
            case NodeKind.Call: return CallRule(n, v);
            default: return f.Zero;
        }
    }

    private Node PowerRule(Node a, Node b, int v)
    {
        var f = factory;
        Node da = Derivative(a, v), db = Derivative(b, v);
        if (db.Is(0)) // d(aᵇ) = b·aᵇ⁻¹·a'
            return f.Multiply(f.Multiply(b, f.Power(a, f.Subtract(b, f.One))), da);
        Node power = f.Power(a, b);
        if (da.Is(0)) // d(aᵇ) = aᵇ·ln a·b'
            return f.Multiply(f.Multiply(power, f.Call(Builtin.Log, a)), db);
        return f.Multiply(power, f.Add(f.Multiply(db, f.Call(Builtin.Log, a)), f.Divide(f.Multiply(b, da), a)));
    }

    private Node CallRule(Node n, int v)
    {
        var f = factory;
        Node a = n.Left!;
        if (n.Function is Builtin.Min or Builtin.Max)
        {
            // d min(a,b) = a' + step(a − b)·(b' − a'); max swaps the step's argument. Ties (step(0) = 0) follow a.
            Node b = n.Right!;
            Node da = Derivative(a, v), db = Derivative(b, v);
            Node gap = n.Function == Builtin.Min ? f.Subtract(a, b) : f.Subtract(b, a);
            return f.Add(da, f.Multiply(f.Call(Builtin.Step, gap), f.Subtract(db, da)));
        }
        Node inner = Derivative(a, v);
        if (inner.Is(0)) return f.Zero;
        Node two = f.Number(2);
        Node outer = n.Function switch
        {
            Builtin.Sin => f.Call(Builtin.Cos, a),
            Builtin.Cos => f.Negate(f.Call(Builtin.Sin, a)),
            Builtin.Tan => f.Add(f.One, f.Power(n, two)),
            Builtin.Asin => f.Divide(f.One, f.Call(Builtin.Sqrt, f.Subtract(f.One, f.Power(a, two)))),
            Builtin.Acos => f.Negate(f.Divide(f.One, f.Call(Builtin.Sqrt, f.Subtract(f.One, f.Power(a, two))))),
            Builtin.Atan => f.Divide(f.One, f.Add(f.One, f.Power(a, two))),
            Builtin.Sinh => f.Call(Builtin.Cosh, a),
            Builtin.Cosh => f.Call(Builtin.Sinh, a),
            // 1/cosh² rather than 1 − tanh²: tanh rounds to 1 beyond |x| ≈ 19, which would zero the slope there.
            Builtin.Tanh => f.Divide(f.One, f.Power(f.Call(Builtin.Cosh, a), two)),
            Builtin.Exp => n,
            Builtin.Log => f.Divide(f.One, a),
            Builtin.Log10 => f.Divide(f.One, f.Multiply(f.NamedConstant("log(10)", Math.Log(10)), a)),
            Builtin.Sqrt => f.Divide(f.One, f.Multiply(two, n)),
            Builtin.Abs => f.Call(Builtin.Sign, a),
            Builtin.Sign or Builtin.Step => f.Zero,
            // σ(a)·σ(−a) rather than σ(1 − σ): keeps full relative accuracy where σ rounds to 1.
            Builtin.Sigmoid => f.Multiply(n, f.Call(Builtin.Sigmoid, f.Negate(a))),
            Builtin.Relu => f.Call(Builtin.Step, a),
            Builtin.Softplus => f.Call(Builtin.Sigmoid, a),
            _ => throw new InvalidOperationException($"no derivative rule for {n.Function}"),
        };
        return f.Multiply(outer, inner);
    }
}
