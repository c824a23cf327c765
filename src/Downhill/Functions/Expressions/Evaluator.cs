namespace Downhill.Functions.Expressions;

/// <summary>
/// Interprets an expression graph: the reference the compiler is tested against, and how the simplifier and the
/// compiler fold constant subtrees (with the very same arithmetic the compiled code uses).
/// </summary>
internal static class Evaluator
{
    public static double Evaluate(Node node, ReadOnlySpan<double> x) => node.Kind switch
    {
        NodeKind.Constant => node.Value,
        NodeKind.Variable => x[node.Index],
        NodeKind.Negate => -Evaluate(node.Left!, x),
        NodeKind.Add => Evaluate(node.Left!, x) + Evaluate(node.Right!, x),
        NodeKind.Subtract => Evaluate(node.Left!, x) - Evaluate(node.Right!, x),
        NodeKind.Multiply => Evaluate(node.Left!, x) * Evaluate(node.Right!, x),
        NodeKind.Divide => Evaluate(node.Left!, x) / Evaluate(node.Right!, x),
        NodeKind.Power => MathFunctions.Power(Evaluate(node.Left!, x), Evaluate(node.Right!, x)),
        NodeKind.Call => Apply(node.Function, Evaluate(node.Left!, x), node.Right is null ? 0 : Evaluate(node.Right, x)),
        _ => throw new InvalidOperationException($"unknown node kind {node.Kind}"),
    };

    public static double Apply(Builtin function, double a, double b) => function switch
    {
        Builtin.Sin => Math.Sin(a),
        Builtin.Cos => Math.Cos(a),
        Builtin.Tan => Math.Tan(a),
        Builtin.Asin => Math.Asin(a),
        Builtin.Acos => Math.Acos(a),
        Builtin.Atan => Math.Atan(a),
        Builtin.Sinh => Math.Sinh(a),
        Builtin.Cosh => Math.Cosh(a),
        Builtin.Tanh => Math.Tanh(a),
        Builtin.Exp => Math.Exp(a),
        Builtin.Log => Math.Log(a),
        Builtin.Log10 => Math.Log10(a),
        Builtin.Sqrt => Math.Sqrt(a),
        Builtin.Abs => Math.Abs(a),
        Builtin.Sign => MathFunctions.Sign(a),
        Builtin.Sigmoid => MathFunctions.Sigmoid(a),
        Builtin.Relu => MathFunctions.Relu(a),
        Builtin.Softplus => MathFunctions.Softplus(a),
        Builtin.Step => MathFunctions.Step(a),
        Builtin.Min => Math.Min(a, b),
        Builtin.Max => Math.Max(a, b),
        _ => throw new InvalidOperationException($"unknown function {function}"),
    };
}
