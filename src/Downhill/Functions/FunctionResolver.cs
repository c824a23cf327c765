using System.Text.RegularExpressions;
using Downhill.Functions.Expressions;
using Downhill.Specs;

namespace Downhill.Functions;

/// <summary>Turns what a user typed after <c>-f</c> into a function: a catalog name or an expression.</summary>
public static partial class FunctionResolver
{
    /// <summary>
    /// <paramref name="text"/> is a catalog name (<c>rosenbrock</c>, <c>valley:kappa=50</c>) or an expression
    /// (<c>x^2+3*y</c>). <paramref name="dimension"/> sets N for any-N catalog entries (default 2) and must match
    /// otherwise, up to <paramref name="maximumDimension"/> (raise it to <see cref="CatalogEntry.MatrixFreeMaximumDimension"/>
    /// where only Hessian-vector products will be asked). <paramref name="variables"/> fixes an
    /// expression's variables and their order.
    /// Throws <see cref="InputException"/>: with a caret for expressions, with the nearest catalog name for a name
    /// that looks like a mistyped one.
    /// </summary>
    /// <remarks>
    /// A bare word such as <c>rosenbrok</c> is also a valid expression (of one variable), but nobody means that:
    /// a word or hyphenated word that is not in the catalog yet is near a catalog name is reported as a misspelling.
    /// </remarks>
    public static ResolvedFunction Resolve(string text, int? dimension = null, IReadOnlyList<string>? variables = null,
        int maximumDimension = CatalogEntry.MaximumDimension)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
            throw new InputException("no function given: name one from `downhill functions` or write an expression such as x^2 + y^2");
        string trimmed = text.Trim();
        if (CatalogLike().IsMatch(trimmed))
        {
            var spec = Spec.Parse(trimmed, "function");
            if (Catalog.Find(spec.Name) is { } entry)
            {
                if (variables is not null)
                    throw new InputException($"{new ParameterName("variables")} applies to expressions, not to the catalog function '{entry.Name}'");
                return entry.Create(spec, dimension, maximumDimension);
            }
            string? near = NameSuggestion.Nearest(spec.Name, Catalog.Entries.Select(e => e.Name));
            if (trimmed.Contains(':') || (near is not null && !IsVariableList(spec.Name, variables)))
                throw new InputException($"unknown function '{spec.Name}'" +
                                         (near is null ? "; `downhill functions` lists them" : $"; did you mean '{near}'?"), text, 0);
        }
        var expression = Expression.Parse(text, variables);
        if (expression.Dimension == 0)
            throw new InputException($"the expression has no variables; name them with {new ParameterName("variables")} (e.g. {new ParameterName("variables")} x)", text, 0);
        if (dimension is { } n && n != expression.Dimension)
            throw new InputException($"{new ParameterName("dimension")} {n} given, but the expression has {expression.Dimension} variable" +
                                     $"{(expression.Dimension == 1 ? "" : "s")} ({string.Join(", ", expression.Variables)})");
        return new ResolvedFunction(trimmed, trimmed, expression.Compile(), null, []) { Expression = expression };
    }

    /// <summary>With the variables naming every word, "a-b" is meant as an expression.</summary>
    private static bool IsVariableList(string text, IReadOnlyList<string>? variables) =>
        variables is not null && text.Split('-').All(variables.Contains);

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*(:.*)?$")]
    private static partial Regex CatalogLike();
}
