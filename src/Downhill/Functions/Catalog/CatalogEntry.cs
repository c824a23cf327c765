using Downhill.Functions.Expressions;
using Downhill.Specs;

namespace Downhill.Functions;

/// <summary>
/// A named function of the catalog: what it is, its dimension (fixed, or any N), its settings, and how to make it.
/// </summary>
public sealed class CatalogEntry
{
    private readonly Func<int, IReadOnlyDictionary<string, double>, ResolvedFunction> _create;

    internal CatalogEntry(string name, string description, string formula, int? dimension, int minimumDimension,
        IReadOnlyList<CatalogParameter> parameters, Func<int, IReadOnlyDictionary<string, double>, ResolvedFunction> create)
    {
        Name = name;
        Description = description;
        Formula = formula;
        Dimension = dimension;
        MinimumDimension = minimumDimension;
        Parameters = parameters;
        this._create = create;
    }

    /// <summary>The function's catalog name.</summary>
    public string Name { get; }

    /// <summary>One line on what the function is for.</summary>
    public string Description { get; }

    /// <summary>The formula as text (for any-N functions, in Σ notation).</summary>
    public string Formula { get; }

    /// <summary>The number of variables, or null for a function of any N (chosen by the caller, default 2).</summary>
    public int? Dimension { get; }

    /// <summary>The smallest N an any-N function accepts.</summary>
    public int MinimumDimension { get; }

    /// <summary>The parameters the function takes (name=value after a colon).</summary>
    public IReadOnlyList<CatalogParameter> Parameters { get; }

    /// <summary>The largest N an any-N function accepts: its dense n×n Hessian must stay reasonable.</summary>
    public const int MaximumDimension = 10_000;

    /// <summary>
    /// The largest N an any-N function accepts where only Hessian-vector products are asked of it
    /// (<see cref="IHessianVectorProduct"/>: curvature by Lanczos), since nothing n×n is formed.
    /// </summary>
    public const int MatrixFreeMaximumDimension = 10_000_000;

    /// <summary>
    /// The function for <paramref name="dimension"/> variables (any-N: default 2; fixed: must match if given) and
    /// the given settings (defaults for those missing), N at most <paramref name="maximumDimension"/>. Throws
    /// <see cref="InputException"/> on a bad request.
    /// </summary>
    public ResolvedFunction Create(int? dimension = null, IReadOnlyDictionary<string, double>? settings = null,
        int maximumDimension = MaximumDimension)
    {
        int n;
        if (Dimension is { } fixedN)
        {
            if (dimension is { } asked && asked != fixedN)
                throw new InputException($"'{Name}' is a function of {fixedN} variable{(fixedN == 1 ? "" : "s")}; {new ParameterName("dimension")} {asked} does not apply");
            n = fixedN;
        }
        else
        {
            n = dimension ?? 2;
            if (n < MinimumDimension || n > maximumDimension)
                throw new InputException($"'{Name}' takes {new ParameterName("dimension")} from {MinimumDimension} to {maximumDimension}, not {n}");
        }
        var values = new Dictionary<string, double>();
        foreach (var p in Parameters) values[p.Name] = p.Default;
        foreach (var (key, value) in settings ?? new Dictionary<string, double>())
        {
            if (!values.ContainsKey(key))
                throw new InputException(Parameters.Count == 0
                    ? $"function '{Name}' takes no settings, but '{key}' was given"
                    : $"unknown setting '{key}' for function '{Name}'; valid: {string.Join(", ", Parameters.Select(p => p.Name))}");
            values[key] = value;
        }
        return _create(n, values);
    }

    /// <summary>Makes the function from a parsed spec such as <c>valley:kappa=50</c>.</summary>
    public ResolvedFunction Create(Spec spec, int? dimension = null, int maximumDimension = MaximumDimension)
    {
        spec.RejectUnknownKeys(Parameters.Select(p => p.Name), "function");
        var values = Parameters.Where(p => spec[p.Name] is not null)
            .ToDictionary(p => p.Name, p => spec.GetDouble(p.Name, p.Default));
        return Create(dimension, values, maximumDimension);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    /// <summary>A fixed-dimension entry defined by expression text, whose derivatives therefore come exactly for free.</summary>
    internal static CatalogEntry FromExpression(string name, string description, string text, Interval[] bounds,
        IReadOnlyList<KnownPoint> points)
    {
        var dimension = Expression.Parse(text).Dimension;
        return new CatalogEntry(name, description, text, dimension, dimension, [],
            (_, _) => Resolved(name, Expression.Parse(text), bounds, points));
    }

    internal static ResolvedFunction Resolved(string name, Expression expression, IReadOnlyList<Interval> bounds,
        IReadOnlyList<KnownPoint> points) =>
        new(name, expression.Text, expression.Compile(), bounds, points) { Expression = expression };
}
