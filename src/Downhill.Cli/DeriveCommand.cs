using System.CommandLine;

namespace Downhill.Cli;

/// <summary><c>downhill derive</c>: a function's gradient and Hessian as simplified formulas.</summary>
internal static class DeriveCommand
{
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
            o.WriteLine($"f({string.Join(", ", v)}) = {expression.Text.Trim()}");
            if (expression.Simplified != expression.Formatted)
                o.WriteLine($"simplified: {expression.Simplified}");
            o.WriteLine();
            var gradient = expression.GradientText;
            for (int i = 0; i < v.Count; i++)
                o.WriteLine($"∂f/∂{v[i]} = {gradient[i]}");
            o.WriteLine();
            var hessian = expression.HessianText;
            for (int i = 0; i < v.Count; i++)
            for (int j = i; j < v.Count; j++)
                o.WriteLine(i == j ? $"∂²f/∂{v[i]}² = {hessian[i, j]}" : $"∂²f/∂{v[i]}∂{v[j]} = {hessian[i, j]}");
            // step() is how the derivatives of relu, min and max are written; a learner has not met it before.
            if (gradient.Any(d => d.Contains("step(")))
            {
                o.WriteLine();
                o.WriteLine("step(u) = 1 for u > 0, else 0 (so relu'(0) = 0; min and max follow their first argument at a tie)");
            }
            return Cli.Success;
        });
        return command;
    }
}
