using System.CommandLine;
using Downhill.Functions;

namespace Downhill.Cli;

/// <summary>
/// The options that choose a function, shared by every command that takes one:
/// <c>-f/--function</c> (catalog name or expression), <c>--dim</c> (N for any-N catalog functions) and
/// <c>--vars</c> (an expression's variables, in order).
/// </summary>
internal sealed class FunctionOptions
{
    public Option<string> Function { get; } = new Option<string>("--function", "-f")
    {
        Description = "a catalog name (see `downhill functions`; settings as valley:kappa=50) or an expression such as \"x^2 + 3*y\"",
        Required = true,
    }.OfferingFunctions();

    public Option<int?> Dimension { get; } = new("--dim")
    {
        Description = "number of variables for any-N catalog functions (rosenbrock, rastrigin, ackley, styblinski-tang; default 2)",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n > 0)
                return n;
            result.AddError($"--dim must be a positive whole number, not '{text}'");
            return null;
        },
    };

    public Option<string?> Variables { get; } = new("--vars")
    {
        Description = "an expression's variables in order, comma-separated (default: x, y, z, then natural order)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Function);
        command.Options.Add(Dimension);
        command.Options.Add(Variables);
    }

    public ResolvedFunction Resolve(ParseResult result)
    {
        string? vars = result.GetValue(Variables);
        IReadOnlyList<string>? names = vars is null ? null : vars.Split(',').Select(v => v.Trim()).ToArray();
        return FunctionResolver.Resolve(result.GetValue(Function)!, result.GetValue(Dimension), names);
    }
}
