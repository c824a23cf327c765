using Downhill.Functions.Expressions;

namespace Downhill.Functions;

/// <summary>
/// The named functions: the course's own teaching functions, then the classic optimization test functions.
/// Fixed-dimension ones are defined by expression text (so their derivatives are exact by construction); the any-N
/// ones are hand-written for speed at large N and tested against their expression form and finite differences.
/// </summary>
public static class Catalog
{
    private static readonly Interval[] UnitSquare2 = Square(-2, 2, 2);

    /// <summary>Every function of the catalog, in the order help lists them.</summary>
    public static IReadOnlyList<CatalogEntry> Entries { get; } =
    [
        Fixed("parabola", "a 1-D convex quadratic: the first step-size experiment", "3*x^2 - 3*x + 4", [new(-1, 2)]),
        Fixed("xcos", "a 1-D wave with a local and a global minimum", "x*cos(pi*x)", [new(-1, 2)]),
        Fixed("xcos-noisy", "xcos with a fast ripple: empirical risk against risk", "x*cos(pi*x) + 0.2*cos(5*pi*x)", [new(-1, 2)]),
        Fixed("cubic", "x³: a stationary point that is no extremum", "x^3", [new(-2, 2)],
            [new([0.0], 0.0, PointKind.Degenerate)]),
        Fixed("tanh", "a saturating curve: vanishing gradients, no minimum", "tanh(x)", [new(-3, 3)], []),
        Fixed("saddle", "the plain saddle", "x^2 - y^2", UnitSquare2, [new([0.0, 0.0], 0.0, PointKind.Saddle)]),
        Fixed("monkey-saddle", "a saddle with three downhill directions; its Hessian vanishes there", "x^3 - 3*x*y^2",
            UnitSquare2, [new([0.0, 0.0], 0.0, PointKind.Degenerate)]),
        Fixed("peaks", "MATLAB's peaks surface: 3 minima, 3 maxima, 3 saddles",
            "3*(1 - x)^2*exp(-x^2 - (y + 1)^2) - 10*(x/5 - x^3 - y^5)*exp(-x^2 - y^2) - 1/3*exp(-(x + 1)^2 - y^2)",
            Square(-3, 3, 2)),
        Valley(),
        Rosenbrock(),
        Fixed("himmelblau", "four equal minima", "(x^2 + y - 11)^2 + (x + y^2 - 7)^2", Square(-5, 5, 2)),
        Fixed("beale", "sharp ridges around a flat minimum", "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
            Square(-4.5, 4.5, 2)),
        Fixed("booth", "a plain convex quadratic", "(x + 2*y - 7)^2 + (2*x + y - 5)^2", Square(-10, 10, 2)),
        Fixed("matyas", "a flat, mildly ill-conditioned quadratic", "0.26*(x^2 + y^2) - 0.48*x*y", Square(-10, 10, 2)),
        Fixed("three-hump-camel", "one global and two local minima", "2*x^2 - 1.05*x^4 + x^6/6 + x*y + y^2", Square(-5, 5, 2)),
        Fixed("six-hump-camel", "two global minima among six", "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
            [new(-3, 3), new(-2, 2)]),
        Fixed("goldstein-price", "steep walls, values over 10⁵, local minima",
            "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
            Square(-2, 2, 2)),
        AnyN("rastrigin", "an egg-box of local minima", "10n + Σ (xᵢ² − 10·cos(2π·xᵢ))", 1,
            n => new RastriginObjective(n), RastriginText, n => Square(-5.12, 5.12, n),
            n => [new(new double[n], 0, PointKind.GlobalMinimum)]),
        AnyN("ackley", "a flat outer region around a sharp funnel", "−20·exp(−0.2·√(Σxᵢ²/n)) − exp(Σcos(2π·xᵢ)/n) + 20 + e", 1,
            n => new AckleyObjective(n), AckleyText, n => Square(-5, 5, n),
            n => [new(new double[n], 0, PointKind.GlobalMinimum)]),
        AnyN("styblinski-tang", "2ⁿ minima, one global", "½ Σ (xᵢ⁴ − 16xᵢ² + 5xᵢ)", 1,
            n => new StyblinskiTangObjective(n), StyblinskiTangText, n => Square(-5, 5, n),
            n => [new(Enumerable.Repeat(CatalogPoints.StyblinskiTangX, n).ToArray(), n * CatalogPoints.StyblinskiTangF, PointKind.GlobalMinimum)]),
        Fixed("easom", "a needle in a plateau: the gradient vanishes almost everywhere",
            "-cos(x)*cos(y)*exp(-((x - pi)^2 + (y - pi)^2))", Square(-10, 10, 2),
            [new([Math.PI, Math.PI], -1.0, PointKind.GlobalMinimum)]),
    ];

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public static CatalogEntry? Find(string name) => Entries.FirstOrDefault(e => e.Name == name);

    private static CatalogEntry Fixed(string name, string description, string text, Interval[] bounds,
        IReadOnlyList<KnownPoint>? points = null) =>
        CatalogEntry.FromExpression(name, description, text, bounds, points ?? CatalogPoints.Fixed[name]);

    /// <summary>
    /// The ill-conditioned "taco shell" ½(x² + κy²): curvature 1 along x and κ along y, so κ is the Hessian's
    /// condition number; gradient descent zig-zags across the valley as κ grows.
    /// </summary>
    private static CatalogEntry Valley() => new("valley", "the ill-conditioned 'taco shell': condition number kappa",
        "0.5*(x^2 + kappa*y^2)", 2, 2, [new CatalogParameter("kappa", 10, "condition number (curvature ratio), > 0")],
        (_, settings) =>
        {
            double kappa = settings["kappa"];
            if (!(kappa > 0) || !double.IsFinite(kappa))
                throw new InputException($"valley:kappa must be a positive number, not {kappa}");
            string text = $"0.5*(x^2 + {Formatter.FormatNumber(kappa)}*y^2)";
            string name = kappa == 10 ? "valley" : $"valley:kappa={Formatter.FormatNumber(kappa)}";
            return CatalogEntry.Resolved(name, Expression.Parse(text), UnitSquare2, [new([0.0, 0.0], 0.0, PointKind.GlobalMinimum)]);
        });

    private static CatalogEntry Rosenbrock() =>
        AnyN("rosenbrock", "a curved narrow valley (chained form for n > 2)", "Σᵢ₌₁ⁿ⁻¹ 100(xᵢ₊₁ − xᵢ²)² + (1 − xᵢ)²", 2,
            n => new RosenbrockObjective(n), RosenbrockText,
            n => n == 2 ? [new(-2, 2), new(-1, 3)] : Square(-2, 2, n),
            n => [new(Enumerable.Repeat(1.0, n).ToArray(), 0, PointKind.GlobalMinimum)]);

    /// <summary>Any-N functions print their expression (and let <c>derive</c> work) up to this many variables.</summary>
    private const int LargestExpression = 10;

    private static CatalogEntry AnyN(string name, string description, string formula, int minimum,
        Func<int, IObjective> objective, Func<IReadOnlyList<string>, string> text, Func<int, Interval[]> bounds,
        Func<int, KnownPoint[]> points) =>
        new(name, description, formula, null, minimum, [], (n, _) =>
        {
            var expression = n <= LargestExpression ? Expression.Parse(text(AnyDimension.VariableNames(n))) : null;
            return new ResolvedFunction(name, expression?.Text ?? formula, objective(n), bounds(n), points(n)) { Expression = expression };
        });

    internal static string RosenbrockText(IReadOnlyList<string> v) =>
        string.Join(" + ", Enumerable.Range(0, v.Count - 1).Select(i => $"(1 - {v[i]})^2 + 100*({v[i + 1]} - {v[i]}^2)^2"));

    internal static string RastriginText(IReadOnlyList<string> v) =>
        $"{10 * v.Count} + " + string.Join(" + ", v.Select(x => $"{x}^2 - 10*cos(2*pi*{x})"));

    internal static string AckleyText(IReadOnlyList<string> v) =>
        $"-20*exp(-0.2*sqrt(({string.Join(" + ", v.Select(x => $"{x}^2"))})/{v.Count})) - exp(({string.Join(" + ", v.Select(x => $"cos(2*pi*{x})"))})/{v.Count}) + 20 + e";

    internal static string StyblinskiTangText(IReadOnlyList<string> v) =>
        $"({string.Join(" + ", v.Select(x => $"{x}^4 - 16*{x}^2 + 5*{x}"))})/2";

    private static Interval[] Square(double low, double high, int n) => Enumerable.Repeat(new Interval(low, high), n).ToArray();
}
