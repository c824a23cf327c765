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

    public static string Format(Node node) => Format(node, int.MaxValue)!;

    /// <summary>
    /// The text, or null where it would be longer than <paramref name="maxLength"/>: a graph shares its repeated
    /// subexpressions but its text spells each out, so the text of a derivative can be exponentially longer than its
    /// graph. The work stops at the limit.
    /// </summary>
    public static string? Format(Node node, int maxLength)
    {
        var text = new StringBuilder();
        try
        {
            Write(text, node, 0, maxLength);
        }
        catch (TooLong)
        {
            return null;
        }
        return text.Length <= maxLength ? text.ToString() : null;
    }

    private sealed class TooLong : Exception;

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

    private static void Write(StringBuilder text, Node n, int least, int limit)
    {
        if (text.Length > limit) throw new TooLong();
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
                Write(text, n.Left!, Level(n.Left!) == Unary ? Atom : Product, limit);
                break;
            case NodeKind.Add:
                Binary(text, n, " + ", Sum, Sum, limit);
                break;
            case NodeKind.Subtract:
                Binary(text, n, " - ", Sum, Product, limit);
                break;
            case NodeKind.Multiply:
                Binary(text, n, "*", Product, PowerLevel - (Level(n.Right!) == Product && n.Right!.Kind == NodeKind.Multiply ? 2 : 0), limit);
                break;
            case NodeKind.Divide:
                Binary(text, n, "/", Product, PowerLevel, limit);
                break;
            case NodeKind.Power:
                Binary(text, n, "^", Atom, Unary, limit);
                break;
            case NodeKind.Call:
                text.Append(Builtins.NameOf(n.Function)).Append('(');
                Write(text, n.Left!, 0, limit);
                if (n.Right is not null)
                {
                    text.Append(", ");
                    Write(text, n.Right, 0, limit);
                }
                text.Append(')');
                break;
        }
        if (parens) text.Append(')');
    }

    private static void Binary(StringBuilder text, Node n, string op, int leftLeast, int rightLeast, int limit)
    {
        Write(text, n.Left!, leftLeast, limit);
        text.Append(op);
        Write(text, n.Right!, rightLeast, limit);
    }
}
