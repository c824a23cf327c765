namespace Downhill.Functions.Expressions;

/// <summary>The functions the expression language knows.</summary>
internal enum Builtin
{
    None,
    Sin, Cos, Tan, Asin, Acos, Atan, Sinh, Cosh, Tanh,
    Exp, Log, Log10, Sqrt, Abs, Sign, Sigmoid, Relu, Softplus,

    /// <summary>Heaviside step, 1 for x &gt; 0 and 0 otherwise: the derivative of relu, and of min/max.</summary>
    Step,
    Min, Max,
}

/// <summary>Names and arities of the built-in functions and constants.</summary>
internal static class Builtins
{
    public static readonly IReadOnlyDictionary<string, Builtin> ByName = new Dictionary<string, Builtin>
    {
        ["sin"] = Builtin.Sin, ["cos"] = Builtin.Cos, ["tan"] = Builtin.Tan,
        ["asin"] = Builtin.Asin, ["acos"] = Builtin.Acos, ["atan"] = Builtin.Atan,
        ["sinh"] = Builtin.Sinh, ["cosh"] = Builtin.Cosh, ["tanh"] = Builtin.Tanh,
        ["exp"] = Builtin.Exp, ["log"] = Builtin.Log, ["log10"] = Builtin.Log10, ["sqrt"] = Builtin.Sqrt,
        ["abs"] = Builtin.Abs, ["sign"] = Builtin.Sign, ["sigmoid"] = Builtin.Sigmoid, ["relu"] = Builtin.Relu,
        ["softplus"] = Builtin.Softplus, ["step"] = Builtin.Step, ["min"] = Builtin.Min, ["max"] = Builtin.Max,
    };

    /// <summary><c>pow(a, b)</c> is not a call node: the parser turns it into <c>a^b</c>.</summary>
    public const string Pow = "pow";

    public static readonly IReadOnlyDictionary<string, double> Constants = new Dictionary<string, double>
    {
        ["pi"] = Math.PI,
        ["e"] = Math.E,
    };

    private static readonly Dictionary<Builtin, string> Names = ByName.ToDictionary(p => p.Value, p => p.Key);

    public static string NameOf(Builtin function) => Names[function];

    public static int Arity(Builtin function) => function is Builtin.Min or Builtin.Max ? 2 : 1;

    /// <summary>Every name the language reserves, for suggestions.</summary>
    public static IEnumerable<string> AllNames => ByName.Keys.Append(Pow).Concat(Constants.Keys);
}
