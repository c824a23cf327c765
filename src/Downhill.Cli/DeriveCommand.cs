using System.CommandLine;
using System.Text.RegularExpressions;

namespace Downhill.Cli;

/// <summary><c>downhill derive</c>: a function's gradient and Hessian as simplified formulas.</summary>
internal static partial class DeriveCommand
{
    /// <summary>The longest formula printed: a derivative's text spells out every repeat of a shared subexpression,
    /// so it can be exponentially longer than the function's.</summary>
    public const int MaxFormulaLength = 10_000;

    /// <summary>The most characters of formulas printed in all; past it the remaining derivatives are counted only.</summary>
    public const int MaxOutputLength = 1_000_000;

    public static Command Create(Io io)
    {
        var function = new FunctionOptions();
        var command = new Command("derive", "The gradient and Hessian of a function as simplified formulas, to check your calculus.");
        function.AddTo(command);
        command.SetAction(result =>
        {
            var f = function.Resolve(result);
            var expression = f.Expression ?? throw new InputException(
                $"derive prints formulas for functions of up to 10 variables; {f.Name} has {f.Dimension} (choose a smaller --dim)");
            var v = expression.Variables;
            var o = io.Out;
            o.WriteLine($"f({string.Join(", ", v)}) = {Whitespace().Replace(expression.Text.Trim(), " ")}");
            if (expression.Simplified != expression.Formatted)
                o.WriteLine($"simplified: {expression.Simplified}");
            o.WriteLine();
            var printer = new FormulaPrinter(o);
            for (int i = 0; i < v.Count; i++)
                printer.Print($"∂f/∂{v[i]}", length => expression.GradientFormula(i, length));
            o.WriteLine();
            if (expression.HasHessianFormulas)
            {
                for (int i = 0; i < v.Count; i++)
                for (int j = i; j < v.Count; j++)
                    printer.Print(i == j ? $"∂²f/∂{v[i]}²" : $"∂²f/∂{v[i]}∂{v[j]}", length => expression.HessianFormula(i, j, length));
            }
            else
            {
                o.WriteLine($"the Hessian has more than {Downhill.Functions.Expressions.Expression.MaxSubexpressions:N0} distinct subexpressions: " +
                            "too many to write out (`downhill eval` computes its values)");
            }
            printer.Finish();
            // step() is how the derivatives of relu, min and max are written; a learner has not met it before.
            if (printer.UsedStep)
            {
                o.WriteLine();
                o.WriteLine("step(u) = 1 for u > 0, else 0 (so relu'(0) = 0; min and max follow their first argument at a tie)");
            }
            return Cli.Success;
        });
        return command;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Prints "label = formula" lines within <see cref="MaxFormulaLength"/> each and <see cref="MaxOutputLength"/> in all.</summary>
    private sealed class FormulaPrinter(TextWriter output)
    {
        private long _written;
        private int _left;

        public bool UsedStep { get; private set; }

        public void Print(string label, Func<int, string?> formula)
        {
            if (_written > MaxOutputLength)
            {
                _left++;
                return;
            }
            string? text = formula(MaxFormulaLength);
            string line = text is null ? $"{label} = (longer than {MaxFormulaLength:N0} characters: not printed)" : $"{label} = {text}";
            UsedStep |= text?.Contains("step(") ?? false;
            _written += line.Length;
            output.WriteLine(line);
        }

        public void Finish()
        {
            if (_left > 0)
                output.WriteLine($"({_left:N0} more derivative{(_left == 1 ? " is" : "s are")} not printed: derive prints at most {MaxOutputLength:N0} characters)");
        }
    }
}
