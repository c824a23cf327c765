using System.Globalization;
using System.Text;
using Downhill.IO;

namespace Downhill.Functions.Expressions;

/// <summary>
/// Prints an expression graph as text the parser reads back to the same value: spaces around + and −, none around
/// * / ^, and only the parentheses precedence needs (<c>-x^2</c> is −(x²), so <c>(-x)^2</c> keeps its parentheses).
/// </summary>
internal static class Formatter
{
    // Binding strength: sums 1, products 2, unary minus 3, powers 4, atoms 5.
    private const int Sum = 1, Product = 2, Unary = 3, PowerLevel = 4, Atom = 5;

    public static string Format(Node node)
    {
        var text = new StringBuilder();
        Write(text, node, 0);
        return text.ToString();
    }

    public static string FormatNumber(double value)
    {
        string s = RoundTrip.Format(value);
        return s.Contains('E') ? s.Replace("E", "e") : s;
    }

    private static int Level(Node n) => n.Kind switch
    {
        NodeKind.Add or NodeKind.Subtract => Sum,
        NodeKind.Multiply or NodeKind.Divide => Product,
        NodeKind.Negate => Unary,
        NodeKind.Constant when n.Name is null && (n.Value < 0 || double.IsNegative(n.Value)) => Unary,
        NodeKind.Power => PowerLevel,
        _ => Atom,
    };

    private static void Write(StringBuilder text, Node n, int least)
    {
        bool parens = Level(n) < least;
        if (parens) text.Append('(');
        switch (n.Kind)
        {
            case NodeKind.Constant:
                text.Append(n.Name ?? FormatNumber(n.Value));
                break;
            case NodeKind.Variable:
                text.Append(n.Name);
                break;
            case NodeKind.Negate:
                text.Append('-');
                Write(text, n.Left!, Level(n.Left!) == Unary ? Atom : Product);
                break;
            case NodeKind.Add:
                Binary(text, n, " + ", Sum, Sum);
                break;
            case NodeKind.Subtract:
                Binary(text, n, " - ", Sum, Product);
                break;
            case NodeKind.Multiply:
                Binary(text, n, "*", Product, PowerLevel - (Level(n.Right!) == Product && n.Right!.Kind == NodeKind.Multiply ? 2 : 0));
                break;
            case NodeKind.Divide:
                Binary(text, n, "/", Product, PowerLevel);
                break;
            case NodeKind.Power:
                Binary(text, n, "^", Atom, Unary);
                break;
            case NodeKind.Call:
                text.Append(Builtins.NameOf(n.Function)).Append('(');
                Write(text, n.Left!, 0);
                if (n.Right is not null)
                {
                    text.Append(", ");
                    Write(text, n.Right, 0);
                }
                text.Append(')');
                break;
        }
        if (parens) text.Append(')');
    }

    private static void Binary(StringBuilder text, Node n, string op, int leftLeast, int rightLeast)
    {
        Write(text, n.Left!, leftLeast);
        text.Append(op);
        Write(text, n.Right!, rightLeast);
    }
}
