namespace Downhill.Functions.Expressions;

/// <summary>The operation at a node of an expression.</summary>
internal enum NodeKind { Constant, Variable, Negate, Add, Subtract, Multiply, Divide, Power, Call }

/// <summary>
/// One node of an immutable expression graph. Nodes are made only by a <see cref="NodeFactory"/>, which
/// hash-conses them: within one factory two structurally equal nodes are the same object, so reference equality
/// is structural equality and common subexpressions are shared by construction.
/// </summary>
internal sealed class Node
{
    internal Node(int id, NodeKind kind, double value, int index, string? name, Builtin function, Node? left, Node? right)
    {
        Id = id;
        Kind = kind;
        Value = value;
        Index = index;
        Name = name;
        Function = function;
        Left = left;
        Right = right;
        HasVariables = kind == NodeKind.Variable || (left?.HasVariables ?? false) || (right?.HasVariables ?? false);
    }

    /// <summary>Creation order within the factory: a stable tie-break for canonical operand order.</summary>
    public int Id { get; }
    public NodeKind Kind { get; }

    /// <summary>A constant's value.</summary>
    public double Value { get; }

    /// <summary>A variable's position in the function's variable list.</summary>
    public int Index { get; }

    /// <summary>A variable's name, or a named constant's (<c>pi</c>, <c>e</c>) — named constants print by name.</summary>
    public string? Name { get; }

    /// <summary>The function of a <see cref="NodeKind.Call"/>.</summary>
    public Builtin Function { get; }

    /// <summary>The operand (unary, call), or the left operand / first argument.</summary>
    public Node? Left { get; }

    /// <summary>The right operand, or a two-argument call's second argument.</summary>
    public Node? Right { get; }

    /// <summary>False for a subtree that is a constant, which the compiler folds to one number.</summary>
    public bool HasVariables { get; }

    public bool IsConstant => Kind == NodeKind.Constant;

    /// <summary>A constant written as a plain number (not <c>pi</c> or <c>e</c>), which the simplifier may fold.</summary>
    public bool IsNumber => Kind == NodeKind.Constant && Name is null;

    /// <summary>True for the plain number <paramref name="v"/>.</summary>
    public bool Is(double v) => IsNumber && Value.Equals(v);

    public override string ToString() => Formatter.Format(this);
}
