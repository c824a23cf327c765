using Downhill.Functions;

namespace Downhill.Tests.Analysis;

/// <summary>Test functions coded by hand with exact derivatives (checked against finite differences in <see cref="HandObjectiveTests"/>).</summary>
public sealed class HandObjective(string name, int dimension, Func<double[], double> value,
    Func<double[], double[]> gradient, Func<double[], double[]> hessian) : IObjective
{
    public string Name { get; } = name;
    public int Dimension { get; } = dimension;
    public IReadOnlyList<string> Variables { get; } = dimension <= 3
        ? new[] { "x", "y", "z" }.Take(dimension).ToArray()
        : Enumerable.Range(1, dimension).Select(i => $"x{i}").ToArray();

    public double Value(ReadOnlySpan<double> x) => value(x.ToArray());

    public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
    {
        double[] p = x.ToArray();
        gradient(p).CopyTo(g);
        return value(p);
    }

    public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> g, Span<double> h)
    {
        double[] p = x.ToArray();
        gradient(p).CopyTo(g);
        hessian(p).CopyTo(h);
        return value(p);
    }

    public override string ToString() => Name;

    /// <summary>(x² + y − 11)² + (x + y² − 7)²: 4 minima (f = 0), 1 maximum, 4 saddles in [−5, 5]².</summary>
    public static HandObjective Himmelblau { get; } = new("himmelblau", 2,
        p => Sq(p[0] * p[0] + p[1] - 11) + Sq(p[0] + p[1] * p[1] - 7),
        p =>
        {
            double a = p[0] * p[0] + p[1] - 11, b = p[0] + p[1] * p[1] - 7;
            return [4 * p[0] * a + 2 * b, 2 * a + 4 * p[1] * b];
        },
        p =>
        {
            double a = p[0] * p[0] + p[1] - 11, b = p[0] + p[1] * p[1] - 7;
            double hxy = 4 * p[0] + 4 * p[1];
            return [4 * a + 8 * p[0] * p[0] + 2, hxy, hxy, 2 + 4 * b + 8 * p[1] * p[1]];
        });

    /// <summary>MATLAB's peaks: 3 minima, 3 maxima, 3 saddles in [−3, 3]².</summary>
    public static HandObjective Peaks { get; } = new("peaks", 2, p => PeaksAll(p).F, p => PeaksAll(p).G, p => PeaksAll(p).H);

    /// <summary>x² − y²: one saddle of index 1 at the origin.</summary>
    public static HandObjective SaddleXY { get; } = new("x^2-y^2", 2,
        p => p[0] * p[0] - p[1] * p[1], p => [2 * p[0], -2 * p[1]], _ => [2, 0, 0, -2]);

    /// <summary>x³: one degenerate critical point at 0.</summary>
    public static HandObjective Cubic { get; } = new("x^3", 1,
        p => p[0] * p[0] * p[0], p => [3 * p[0] * p[0]], p => [6 * p[0]]);

    /// <summary>x³ − 3xy²: the monkey saddle, degenerate at the origin.</summary>
    public static HandObjective MonkeySaddle { get; } = new("monkey", 2,
        p => p[0] * p[0] * p[0] - 3 * p[0] * p[1] * p[1],
        p => [3 * p[0] * p[0] - 3 * p[1] * p[1], -6 * p[0] * p[1]],
        p => [6 * p[0], -6 * p[1], -6 * p[1], -6 * p[0]]);

    /// <summary>tanh(x): no minimum; from x = 4 its gradient is 1.3e-3 and fading.</summary>
    public static HandObjective Tanh { get; } = new("tanh", 1,
        p => Math.Tanh(p[0]),
        p => [1 - Sq(Math.Tanh(p[0]))],
        p => { double t = Math.Tanh(p[0]); return [-2 * t * (1 - t * t)]; });

    /// <summary>Easom: −cos x cos y exp(−(x−π)² − (y−π)²); flat (f ≈ 0) away from the well at (π, π).</summary>
    public static HandObjective Easom { get; } = new("easom", 2, p => EasomAll(p).F, p => EasomAll(p).G, p => EasomAll(p).H);

    /// <summary>½(x² + κy²): an ill-conditioned valley (condition number κ).</summary>
    public static HandObjective Valley(double kappa) => new($"valley{kappa}", 2,
        p => 0.5 * (p[0] * p[0] + kappa * p[1] * p[1]), p => [p[0], kappa * p[1]], _ => [1, 0, 0, kappa]);

    /// <summary>Σ (i+1)·xᵢ² in n dimensions: one minimum at 0.</summary>
    public static HandObjective Bowl(int n) => new($"bowl{n}", n,
        p => p.Select((v, i) => (i + 1) * v * v).Sum(),
        p => p.Select((v, i) => 2 * (i + 1) * v).ToArray(),
        _ => Enumerable.Range(0, n * n).Select(k => k / n == k % n ? 2.0 * (k / n + 1) : 0).ToArray());

    /// <summary>Rastrigin in n variables: 10n + Σ (xᵢ² − 10 cos 2πxᵢ); global minimum 0 at the origin, a local minimum near every integer point.</summary>
    public static HandObjective Rastrigin(int n) => new($"rastrigin{n}", n,
        p => 10 * n + p.Sum(v => v * v - 10 * Math.Cos(2 * Math.PI * v)),
        p => p.Select(v => 2 * v + 20 * Math.PI * Math.Sin(2 * Math.PI * v)).ToArray(),
        p => Enumerable.Range(0, n * n).Select(k => k / n == k % n ? 2 + 40 * Math.PI * Math.PI * Math.Cos(2 * Math.PI * p[k / n]) : 0).ToArray());

    private static double Sq(double v) => v * v;

    private static (double F, double[] G, double[] H) PeaksAll(double[] p)
    {
        double x = p[0], y = p[1];
        // term 1: 3(1−x)² e^{−x²−(y+1)²}
        double e1 = Math.Exp(-x * x - (y + 1) * (y + 1));
        double u1 = 3 * Sq(1 - x);
        double u1x = -6 * (1 - x), u1xx = 6;
        double ax = -2 * x, ay = -2 * (y + 1);
        // term 2: −10(x/5 − x³ − y⁵) e^{−x²−y²}
        double e2 = Math.Exp(-x * x - y * y);
        double u2 = -10 * (x / 5 - x * x * x - Math.Pow(y, 5));
        double u2x = -10 * (0.2 - 3 * x * x), u2y = 50 * Math.Pow(y, 4);
        double u2xx = 60 * x, u2yy = 200 * y * y * y;
        double bx = -2 * x, by = -2 * y;
        // term 3: −⅓ e^{−(x+1)²−y²}
        double e3 = Math.Exp(-(x + 1) * (x + 1) - y * y);
        double cx = -2 * (x + 1), cy = -2 * y;

        // For u·e^{s}: ∂ = (u' + u s')e, ∂² = (u'' + 2u' s' + u s'' + u s'²)… written per term below; s'' = −2 on the diagonal.
        double f = u1 * e1 + u2 * e2 - e3 / 3;
        double gx = (u1x + u1 * ax) * e1 + (u2x + u2 * bx) * e2 - cx * e3 / 3;
        double gy = (u1 * ay) * e1 + (u2y + u2 * by) * e2 - cy * e3 / 3;
        double hxx = (u1xx + 2 * u1x * ax + u1 * (-2 + ax * ax)) * e1
                     + (u2xx + 2 * u2x * bx + u2 * (-2 + bx * bx)) * e2
                     - (-2 + cx * cx) * e3 / 3;
        double hyy = (u1 * (-2 + ay * ay)) * e1
                     + (u2yy + 2 * u2y * by + u2 * (-2 + by * by)) * e2
                     - (-2 + cy * cy) * e3 / 3;
        double hxy = (u1x * ay + u1 * ax * ay) * e1
                     + (u2x * by + u2y * bx + u2 * bx * by) * e2
                     - cx * cy * e3 / 3;
        return (f, [gx, gy], [hxx, hxy, hxy, hyy]);
    }

    private static (double F, double[] G, double[] H) EasomAll(double[] p)
    {
        double x = p[0], y = p[1];
        double e = Math.Exp(-Sq(x - Math.PI) - Sq(y - Math.PI));
        double cx = Math.Cos(x), sx = Math.Sin(x), cy = Math.Cos(y), sy = Math.Sin(y);
        double ax = -2 * (x - Math.PI), ay = -2 * (y - Math.PI);
        // f = −cx·cy·e; with e' = a·e, e'' = (a² − 2)e
        double f = -cx * cy * e;
        double gx = -cy * e * (-sx + cx * ax);
        double gy = -cx * e * (-sy + cy * ay);
        double hxx = -cy * e * (-cx - 2 * sx * ax + cx * (ax * ax - 2));
        double hyy = -cx * e * (-cy - 2 * sy * ay + cy * (ay * ay - 2));
        double hxy = -e * (-sx + cx * ax) * (-sy + cy * ay);
        return (f, [gx, gy], [hxx, hxy, hxy, hyy]);
    }
}
