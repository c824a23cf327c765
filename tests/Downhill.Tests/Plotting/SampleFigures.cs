using Downhill.Plotting;

namespace Downhill.Tests.Plotting;

/// <summary>
/// One example of every figure kind, from small computations done here (plain gradient descent, momentum and
/// Adam written out inline), so the figure tests do not depend on the optimizers' code.
/// </summary>
public static class SampleFigures
{
    public static IReadOnlyList<(string Name, Func<Figure> Build)> All =>
    [
        ("curve", Curve), ("contour", () => Contour()), ("surface", Surface), ("loss", Loss), ("sweep", Sweep),
        ("basins", () => Basins()), ("restarts", Restarts), ("tuning", Tuning), ("eigenvalues", Eigenvalues),
    ];

    public static double Himmelblau(double x, double y) => Sq(x * x + y - 11) + Sq(x + y * y - 7);

    public static (double, double) HimmelblauGradient(double x, double y) =>
        (4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7));

    public static double Rosenbrock(double x, double y) => Sq(1 - x) + 100 * Sq(y - x * x);

    public static (double, double) RosenbrockGradient(double x, double y) =>
        (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x));

    /// <summary>Himmelblau's four minima, its maximum and its four saddles (to 6 digits).</summary>
    public static readonly (double X, double Y, string Kind)[] HimmelblauCritical =
    [
        (3, 2, "minimum"), (-2.805118, 3.131312, "minimum"), (-3.779310, -3.283186, "minimum"), (3.584428, -1.848126, "minimum"),
        (-0.270845, -0.923039, "maximum"),
        (0.086678, 2.884255, "saddle"), (-3.073026, -0.081353, "saddle"), (3.385154, 0.073852, "saddle"), (-0.127961, -1.953715, "saddle"),
    ];

    public static Figure Curve()
    {
        var steps = new List<double> { -1.5 };
        for (int k = 0; k < 8; k++) steps.Add(steps[^1] - 0.12 * (6 * steps[^1] - 3));
        return CurveFigure.Build("3x² − 3x + 4", x => 3 * x * x - 3 * x + 4, x => 6 * x - 3, (-2, 3), steps, exactMinimum: 0.5);
    }

    public static Figure Contour(int resolution = 61)
    {
        var grid = ScalarGrid.Sample(Himmelblau, (-5, 5), (-5, 5), resolution, resolution);
        var paths = new List<Path2D>
        {
            new("gradient descent lr=0.01", Descend(Himmelblau2, (-0.5, 4.5), 0.01, 60)),
            new("momentum lr=0.003 β=0.9", Momentum(Himmelblau2, (-4.5, 0.5), 0.003, 0.9, 80)),
            new("adam lr=0.3", Adam(Himmelblau2, (1, -4.5), 0.3, 120)),
        };
        var critical = HimmelblauCritical.Select(c => new CriticalPointMark([c.X, c.Y], c.Kind)).ToList();
        return ContourFigure.Build("Himmelblau: three descents and the critical points", grid, paths, critical);
    }

    public static Figure RosenbrockContour(int resolution = 61)
    {
        var grid = ScalarGrid.Sample(Rosenbrock, (-2, 2), (-1, 3), resolution, resolution);
        var path = new Path2D("momentum lr=0.0005 β=0.9", Momentum(Rosenbrock2, (-1.5, 2.5), 0.0005, 0.9, 800));
        return ContourFigure.Build("Rosenbrock: log-spaced levels show the valley", grid, [path], [new CriticalPointMark([1, 1], "minimum")]);
    }

    public static Figure Surface()
    {
        var grid = ScalarGrid.Sample((x, y) => x * x - y * y, (-2, 2), (-2, 2), 25, 25);
        var path = new Path2D("gradient descent lr=0.1", Descend(((x, y) => (x * x - y * y), (x, y) => (2 * x, -2 * y)), (1.8, -0.05), 0.1, 16));
        return SurfaceFigure.Build("The saddle x² − y²: descent slides off the ridge", grid, [path], (x, y) => x * x - y * y);
    }

    public static Figure Loss()
    {
        LossCurve Curve(string label, List<(double X, double Y)> points, bool diverged = false) =>
            new(label, points.Select((p, k) => new LossPoint(k, Rosenbrock(p.X, p.Y), Norm(RosenbrockGradient(p.X, p.Y)))).ToList(), diverged);
        var start = (-1.2, 1.0);
        return LossFigure.Build("Rosenbrock from (−1.2, 1): loss and gradient norm", [
            Curve("gradient descent lr=0.001", Descend(Rosenbrock2, start, 0.001, 400)),
            Curve("momentum lr=0.001 β=0.9", Momentum(Rosenbrock2, start, 0.001, 0.9, 400)),
            Curve("adam lr=0.05", Adam(Rosenbrock2, start, 0.05, 400)),
            Curve("gradient descent lr=0.01", Descend(Rosenbrock2, start, 0.01, 40), diverged: true),
        ]);
    }

    public static Figure Sweep()
    {
        var rates = Enumerable.Range(0, 13).Select(k => Math.Pow(10, -4 + k * 0.25)).ToList();
        SweepPoint Run(double lr, bool momentum)
        {
            var path = momentum ? Momentum(Rosenbrock2, (-1.2, 1), lr, 0.9, 300) : Descend(Rosenbrock2, (-1.2, 1), lr, 300);
            var (x, y) = path[^1];
            double f = Rosenbrock(x, y);
            return new SweepPoint(lr, f, !double.IsFinite(f) || f > 1e6);
        }
        return SweepFigure.Build("Learning-rate sweep on Rosenbrock, 300 steps from (−1.2, 1)", [
            new SweepSeries("gradient descent", rates.Select(lr => Run(lr, false)).ToList()),
            new SweepSeries("momentum β=0.9", rates.Select(lr => Run(lr, true)).ToList()),
        ]);
    }

    public static Figure Basins(int resolution = 41)
    {
        var xs = Enumerable.Range(0, resolution).Select(k => -5 + 10.0 * k / (resolution - 1)).ToArray();
        var labels = new int[resolution, resolution];
        var minima = HimmelblauCritical.Where(c => c.Kind == "minimum").Select(c => new BasinMinimum(c.X, c.Y, Himmelblau(c.X, c.Y))).ToList();
        for (int j = 0; j < resolution; j++)
            for (int i = 0; i < resolution; i++)
                labels[j, i] = Nearest(Descend(Himmelblau2, (xs[i], xs[j]), 0.01, 300)[^1], minima);
        return BasinsFigure.Build("Himmelblau: basins of gradient descent (lr=0.01, 300 steps)", new BasinGrid(xs, xs, labels, minima));
    }

    public static Figure Restarts()
    {
        var minima = HimmelblauCritical.Where(c => c.Kind == "minimum").Select(c => new BasinMinimum(c.X, c.Y, Himmelblau(c.X, c.Y))).ToList();
        ulong state = 42;
        double Next() { state = state * 6364136223846793005UL + 1442695040888963407UL; return (state >> 11) * (1.0 / (1UL << 53)); }
        var outcomes = new List<RestartOutcome>();
        for (int k = 0; k < 40; k++)
        {
            var end = Descend(Himmelblau2, (-5 + 10 * Next(), -5 + 10 * Next()), 0.01, k % 7 == 0 ? 12 : 300)[^1];
            outcomes.Add(new RestartOutcome(Himmelblau(end.X, end.Y), Nearest(end, minima)));
        }
        return RestartFigure.Build("Himmelblau: 40 restarts of gradient descent", outcomes, minima);
    }

    public static Figure Tuning()
    {
        var trials = new List<TuningTrial>();
        var ranges = new List<TuningRange>();
        (double Low, double High) lr = (1e-4, 1e-1), beta = (0.5, 0.99);
        int trial = 1;
        for (int round = 1; round <= 3; round++)
        {
            ranges.Add(new TuningRange(round, "lr", lr.Low, lr.High, Log: true));
            ranges.Add(new TuningRange(round, "momentum", beta.Low, beta.High));
            var scored = new List<(double Lr, double Beta, double Score)>();
            for (int k = 0; k < 8; k++)
            {
                double a = lr.Low * Math.Pow(lr.High / lr.Low, (k * 0.618034 + round * 0.3) % 1);
                double b = beta.Low + (beta.High - beta.Low) * ((k * 0.381966 + round * 0.7) % 1);
                var end = Momentum(Rosenbrock2, (-1.2, 1), a, b, 200)[^1];
                double score = Rosenbrock(end.X, end.Y);
                scored.Add((a, b, score));
                trials.Add(new TuningTrial(trial++, round, [new("lr", a), new("momentum", b)], double.IsFinite(score) && score < 1e8 ? score : double.NaN));
            }
            var best = scored.Where(s => double.IsFinite(s.Score)).MinBy(s => s.Score);
            lr = (Math.Max(1e-5, best.Lr / Math.Pow(lr.High / lr.Low, 0.25)), best.Lr * Math.Pow(lr.High / lr.Low, 0.25));
            beta = (Math.Max(0, best.Beta - (beta.High - beta.Low) / 4), Math.Min(0.999, best.Beta + (beta.High - beta.Low) / 4));
        }
        return TuningFigure.Build("Tuning momentum on Rosenbrock: three narrowing rounds", trials, ranges);
    }

    public static Figure Eigenvalues()
    {
        var sets = HimmelblauCritical.Select((c, k) =>
        {
            double hxx = 12 * c.X * c.X + 4 * c.Y - 42, hyy = 4 * c.X + 12 * c.Y * c.Y - 26, hxy = 4 * (c.X + c.Y);
            double mean = (hxx + hyy) / 2, radius = Math.Sqrt(Sq((hxx - hyy) / 2) + hxy * hxy);
            return new EigenvalueSet($"P{k + 1}", c.Kind, [mean - radius, mean + radius]);
        }).ToList();
        return EigenvalueFigure.Build("Himmelblau: Hessian eigenvalues at the critical points", sets);
    }

    private static double Sq(double v) => v * v;

    private static double Norm((double X, double Y) g) => Math.Sqrt(g.X * g.X + g.Y * g.Y);

    private static readonly (Func<double, double, double> F, Func<double, double, (double, double)> G) Himmelblau2 = (Himmelblau, HimmelblauGradient);
    private static readonly (Func<double, double, double> F, Func<double, double, (double, double)> G) Rosenbrock2 = (Rosenbrock, RosenbrockGradient);

    private static int Nearest((double X, double Y) p, IReadOnlyList<BasinMinimum> minima)
    {
        for (int k = 0; k < minima.Count; k++)
            if (Math.Abs(p.X - minima[k].X) < 1e-2 && Math.Abs(p.Y - minima[k].Y) < 1e-2) return k;
        return double.IsFinite(p.X) && double.IsFinite(p.Y) ? BasinGrid.NotConverged : BasinGrid.Diverged;
    }

    private static List<(double X, double Y)> Descend((Func<double, double, double> F, Func<double, double, (double, double)> G) f, (double X, double Y) start, double lr, int steps)
    {
        var path = new List<(double X, double Y)> { start };
        for (int k = 0; k < steps; k++)
        {
            var (x, y) = path[^1];
            var (gx, gy) = f.G(x, y);
            path.Add((x - lr * gx, y - lr * gy));
            if (!double.IsFinite(path[^1].X) || Math.Abs(path[^1].X) > 1e150) break;
        }
        return path;
    }

    private static List<(double X, double Y)> Momentum((Func<double, double, double> F, Func<double, double, (double, double)> G) f, (double X, double Y) start, double lr, double beta, int steps)
    {
        var path = new List<(double X, double Y)> { start };
        double vx = 0, vy = 0;
        for (int k = 0; k < steps; k++)
        {
            var (x, y) = path[^1];
            var (gx, gy) = f.G(x, y);
            (vx, vy) = (beta * vx + gx, beta * vy + gy);
            path.Add((x - lr * vx, y - lr * vy));
            if (!double.IsFinite(path[^1].X) || Math.Abs(path[^1].X) > 1e150) break;
        }
        return path;
    }

    private static List<(double X, double Y)> Adam((Func<double, double, double> F, Func<double, double, (double, double)> G) f, (double X, double Y) start, double lr, int steps)
    {
        var path = new List<(double X, double Y)> { start };
        double mx = 0, my = 0, sx = 0, sy = 0;
        for (int k = 1; k <= steps; k++)
        {
            var (x, y) = path[^1];
            var (gx, gy) = f.G(x, y);
            (mx, my) = (0.9 * mx + 0.1 * gx, 0.9 * my + 0.1 * gy);
            (sx, sy) = (0.999 * sx + 0.001 * gx * gx, 0.999 * sy + 0.001 * gy * gy);
            double c1 = 1 - Math.Pow(0.9, k), c2 = 1 - Math.Pow(0.999, k);
            path.Add((x - lr * (mx / c1) / (Math.Sqrt(sx / c2) + 1e-8), y - lr * (my / c1) / (Math.Sqrt(sy / c2) + 1e-8)));
        }
        return path;
    }
}
