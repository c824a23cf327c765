using System.Globalization;
using System.Text;
using Downhill.Functions.Expressions;
using Downhill.IO;

namespace Downhill.Tests.Functions;

/// <summary>
/// The expression fuzzer: random texts, from raw characters (control characters and non-ASCII included) through
/// token soup to well-formed formulas with every function, extreme constants and up to 100 variables. Each text must
/// either be refused with an <see cref="InputException"/> that points inside it and prints without a control
/// character, or parse; a parsed one must compile, and its compiled value, gradient and Hessian must agree with the
/// interpreter to the bit at random points (zero, negative, huge and tiny coordinates included), its Hessian be
/// exactly symmetric, and its printed forms (as parsed, simplified, each derivative) parse back.
/// </summary>
/// <remarks>
/// A fixed seed and a bounded count keep this a test of a few seconds; set DOWNHILL_FUZZ_COUNT (say 1000000) for a
/// long run, and DOWNHILL_FUZZ_SEED to explore other inputs.
/// </remarks>
public class ExpressionFuzzTests
{
    private const int DefaultCount = 3000;
    private const int MaxHessianDimension = 8;

    private static readonly string[] Functions =
        ["sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "exp", "log", "log10", "sqrt", "abs",
         "sign", "sigmoid", "relu", "softplus", "step", "min", "max", "pow"];

    private static readonly string[] Numbers =
        ["0", "1", "2", "3", "4", "0.5", "1e308", "1e-308", "4.9e-324", "1e300", "2.5", "10", "1e-3", "7", "1e10", ".5", "1.", "-1"];

    [Fact]
    public void EveryTextIsRefusedWithAPointerOrCompilesToTheInterpretersBits()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("DOWNHILL_FUZZ_COUNT"), out int c) ? c : DefaultCount;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("DOWNHILL_FUZZ_SEED"), out int s) ? s : 20261206;
        var random = new Random(seed);
        int parsed = 0;
        for (int k = 0; k < count; k++)
        {
            string text = (k % 4) switch
            {
                0 => RandomCharacters(random),
                1 => RandomTokens(random),
                _ => RandomFormula(random, random.Next(1, 7)),
            };
            if (Check(text, random)) parsed++;
        }
        // The generator is tuned so both outcomes are common: a fuzzer that only ever hits parse errors tests little.
        Assert.InRange(parsed, count / 4, count - count / 10);
    }

    /// <summary>True when the text parsed (and passed every check).</summary>
    private static bool Check(string text, Random random)
    {
        Expression expression;
        try
        {
            expression = Expression.Parse(text);
        }
        catch (InputException e)
        {
            Assert.True(e.Text is null || (e.Text == text && e.Position >= 0 && e.Position <= text.Length), text);
            Assert.DoesNotContain(e.Describe().Replace(Environment.NewLine, ""), ch => char.IsControl(ch));
            return false;
        }
        if (expression.Dimension == 0) return true;
        var names = expression.Variables;
        ParsesBack(expression.Formatted, names, text, "as parsed");
        ParsesBack(expression.Simplified, names, text, "simplified");
        var f = expression.Compile();
        int n = expression.Dimension;
        var x = new double[n];
        var g = new double[n];
        var g2 = new double[n];
        var h = new double[n * n];
        for (int trial = 0; trial < 3; trial++)
        {
            for (int i = 0; i < n; i++) x[i] = Coordinate(random);
            double value = f.Value(x);
            string at = $"{text} at ({string.Join(", ", x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))})";
            Same(expression.Evaluate(x), value, at + ": compiled value against the interpreter");
            Same(value, f.ValueAndGradient(x, g), at + ": value with the gradient");
            for (int i = 0; i < n; i++)
                Same(Evaluator.Evaluate(expression.Gradient[i], x), g[i], at + $": ∂f/∂{names[i]} against the interpreter");
            // Compiling a wide Hessian takes a good part of a second; ExpressionLimitTests covers those.
            if (n > MaxHessianDimension) continue;
            Same(value, f.ValueGradientHessian(x, g2, h), at + ": value with the Hessian");
            for (int i = 0; i < n; i++)
            {
                Same(g[i], g2[i], at + $": ∂f/∂{names[i]} with the Hessian");
                for (int j = 0; j < i; j++) Same(h[i * n + j], h[j * n + i], at + ": Hessian symmetry");
            }
            if (expression.HessianUpper is { } upper)
                for (int i = 0, u = 0; i < n; i++)
                for (int j = i; j < n; j++, u++)
                    Same(Evaluator.Evaluate(upper[u], x), h[i * n + j], at + $": H[{i},{j}] against the interpreter");
        }
        for (int i = 0; i < n; i++)
            if (expression.GradientFormula(i, 2000) is { } formula)
                ParsesBack(formula, names, text, $"∂f/∂{names[i]}");
        return true;
    }

    private static void ParsesBack(string printed, IReadOnlyList<string> names, string text, string what)
    {
        try
        {
            Expression.Parse(printed, names);
        }
        catch (InputException e)
        {
            Assert.Fail($"{text}: {what} printed as '{printed}', which does not parse back: {e.Message}");
        }
    }

    private static void Same(double expected, double actual, string context)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual) && !(double.IsNaN(expected) && double.IsNaN(actual)))
            Assert.Fail($"{context}: expected {expected:R}, got {actual:R}");
    }

    private static double Coordinate(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => random.Next(-3, 4),
        2 => (random.NextDouble() - 0.5) * 1e6,
        3 => Math.Pow(10, random.Next(-320, 309)) * (random.Next(2) == 0 ? -1 : 1),
        _ => (random.NextDouble() - 0.5) * 6,
    };

    private static string RandomCharacters(Random random)
    {
        const string alphabet = "xyz abc01234.5e+-*/^(),_pisnqrtlogmaxE\t\n\u0001\u001b\u00e9\u202e#;[]{}";
        var text = new StringBuilder();
        int length = random.Next(1, 40);
        for (int i = 0; i < length; i++) text.Append(alphabet[random.Next(alphabet.Length)]);
        return text.ToString();
    }

    private static string RandomTokens(Random random)
    {
        string[] symbols = ["+", "-", "*", "/", "^", "**", "(", ")", ",", "x", "y", "z", "pi", "e", "x1", "x10", "_a"];
        var text = new StringBuilder();
        int length = random.Next(1, 25);
        for (int i = 0; i < length; i++)
        {
            text.Append(random.Next(4) switch
            {
                0 => Numbers[random.Next(Numbers.Length)],
                1 => Functions[random.Next(Functions.Length)] + "(",
                _ => symbols[random.Next(symbols.Length)],
            });
            if (random.Next(3) == 0) text.Append(' ');
        }
        return text.ToString();
    }

    /// <summary>A well-formed formula (now and then with one deliberate slip) over up to 120 variable names.</summary>
    private static string RandomFormula(Random random, int depth)
    {
        if (depth == 0 || random.Next(5) == 0)
        {
            return random.Next(3) switch
            {
                0 => Numbers[random.Next(Numbers.Length)],
                1 => random.Next(4) == 0 ? $"v{random.Next(120)}" : new[] { "x", "y", "z" }[random.Next(3)],
                _ => random.Next(2) == 0 ? "pi" : "x",
            };
        }
        string a = RandomFormula(random, depth - 1);
        switch (random.Next(9))
        {
            case 0: return $"({a} + {RandomFormula(random, depth - 1)})";
            case 1: return $"({a} - {RandomFormula(random, depth - 1)})";
            case 2: return $"{a}*{RandomFormula(random, depth - 1)}";
            case 3: return $"{a}/{RandomFormula(random, depth - 1)}";
            case 4: return $"({a})^{Numbers[random.Next(Numbers.Length)]}";
            case 5: return $"({a})^({RandomFormula(random, depth - 1)})";
            case 6: return $"-{a}";
            case 7:
                string name = Functions[random.Next(Functions.Length)];
                return name is "min" or "max" or "pow" ? $"{name}({a}, {RandomFormula(random, depth - 1)})" : $"{name}({a})";
            default:
                // Wide products and sums bring many variables (past the limit of 100 now and then).
                int terms = random.Next(2, 60);
                string op = random.Next(2) == 0 ? "*" : " + ";
                return "(" + string.Join(op, Enumerable.Range(0, terms).Select(_ => $"v{random.Next(130)}")) + ")";
        }
    }

    [Fact]
    public void DescribeEscapesControlCharactersAndKeepsTheCaretUnderTheBadSpot()
    {
        var e = Assert.Throws<InputException>(() => Expression.Parse("x\t+\u001b[31m y"));
        string[] lines = e.Describe().Split(Environment.NewLine);
        Assert.Equal("unexpected character '\\u001B' in expression", lines[0]);
        Assert.Equal("  x\\t+\\u001B[31m y", lines[1]);
        Assert.Equal(lines[1].IndexOf("\\u001B", StringComparison.Ordinal), lines[2].IndexOf('^'));
        Assert.Equal("a\\u202Eb\\r\\n", PrintableText.Escape("a\u202eb\r\n"));
    }
}
