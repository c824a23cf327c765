using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;
using Downhill.Tests.Running;
using FsCheck;
using FsCheck.Fluent;

namespace Downhill.Tests.Optimizers;

/// <summary>lbfgsb on problems with known answers, a KKT property over random boxes, and its settings.</summary>
public class LbfgsbTests
{
    /// <summary>f = ½xᵀAx + bᵀx with A symmetric positive definite (row-major).</summary>
    private sealed class DenseQuadratic(double[] a, double[] b) : IObjective
    {
        public int Dimension => b.Length;
        public IReadOnlyList<string> Variables { get; } = Enumerable.Range(1, b.Length).Select(i => $"x{i}").ToArray();
        public double Value(ReadOnlySpan<double> x) => ValueAndGradient(x, new double[x.Length]);

        public double ValueAndGradient(ReadOnlySpan<double> x, Span<double> g)
        {
            int n = b.Length;
            double f = 0;
            for (int i = 0; i < n; i++)
            {
                double ax = 0;
                for (int j = 0; j < n; j++) ax += a[i * n + j] * x[j];
                g[i] = ax + b[i];
                f += x[i] * (0.5 * ax + b[i]);
            }
            return f;
        }

        public double ValueGradientHessian(ReadOnlySpan<double> x, Span<double> g, Span<double> h) => throw new NotSupportedException();
    }

    [Theory]
    [MemberData(nameof(SeparableQuadratic.OutsideTheUnitBox), MemberType = typeof(SeparableQuadratic))]
    public void AQuadraticWhoseMinimizerLiesOutsideTheBoxEndsAtItsProjection(string where, double[] centre, double[] answer)
    {
        var bounds = new Bounds([-1, -1, -1], [1, 1, 1]);
        var f = new SeparableQuadratic([1, 10, 100], centre);
        var outcome = BoundedRun.ToConvergence(f, [0.1, -0.2, 0.3], bounds, gtol: 1e-10, ftol: 0);
        for (int i = 0; i < 3; i++) Assert.Equal(answer[i], outcome.X[i], 1e-10);
        var active = outcome.ActiveBounds;
        Assert.Equal(bounds.ActiveAt(outcome.X.ToArray()), active);
        int outside = centre.Count(c => Math.Abs(c) > 1);
        Assert.Equal(outside, active.Count);
        Assert.All(active, bound => Assert.Equal(answer[bound.Index], bound.Limit));
        Assert.True(where == "face" ? active.Count == 1 : where == "edge" ? active.Count == 2 : active.Count == 3);
    }

    [Fact]
    public void EveryIterateStaysInsideTheBox()
    {
        var bounds = new Bounds([-2, -0.5], [0.8, 0.9]);
        var outcome = BoundedRun.ToConvergence(new Rosenbrock2(), [-1.2, 0.5], bounds, gtol: 1e-10, ftol: 0);
        Assert.All(outcome.Trace, entry => Assert.True(bounds.Contains(entry.X.ToArray()), $"({entry.X[0]}, {entry.X[1]}) left the box"));
        // On the face x = 0.8 the minimizer is y = 0.64, below y's bound 0.9.
        Assert.Equal(0.8, outcome.X[0], 1e-12);
        Assert.Equal(0.64, outcome.X[1], 1e-9);
    }

    [Fact]
    public void WithoutBoundsItIsLbfgsAndReachesRosenbrocksMinimum()
    {
        var outcome = BoundedRun.ToConvergence(new Rosenbrock2(), [-1.2, 1], Bounds.Unbounded(2), gtol: 1e-10, ftol: 0);
        Assert.Equal(1, outcome.X[0], 1e-9);
        Assert.Equal(1, outcome.X[1], 1e-9);
        var unbounded = new CountingObjective(new Rosenbrock2());
        double[] x = [-1.2, 1];
        var g = new double[2];
        double f = unbounded.ValueAndGradient(x, g);
        new Lbfgsb().Start(2).Advance(x, ref f, g, unbounded);
        Assert.Equal(outcome.Trace[1].X, x);
    }

    [Fact]
    public void AStartOutsideTheBoxIsProjectedWithANote()
    {
        var bounds = new Bounds([0, double.NegativeInfinity], [double.PositiveInfinity, 1]);
        var outcome = BoundedRun.ToConvergence(new Rosenbrock2(), [-1, 3], bounds, 1e-9, 0);
        Assert.True(bounds.Contains(outcome.X.ToArray()));
        Assert.Equal(1, outcome.X[0], 1e-8);
        Assert.Equal([-1, 3], outcome.Start);
        Assert.Equal([0, 1], outcome.Trace[0].X);
        Assert.Equal(["the start lay outside the box: 2 coordinate(s) projected onto it"], outcome.Notes);

        var objective = new CountingObjective(new Rosenbrock2());
        double[] x = [-1, 3];
        var g = new double[2];
        double f = objective.ValueAndGradient(x, g);
        var run = new Lbfgsb().Start(bounds);
        run.Advance(x, ref f, g, objective);
        Assert.Equal("the start lay outside the box: 2 coordinate(s) moved onto it", run.Note);
        Assert.True(bounds.Contains(x));
    }

    [Fact]
    public void ForRandomBoxesAndConvexQuadraticsTheAnswerSatisfiesTheKktConditions()
    {
        var cases =
            from n in Gen.Choose(1, 8)
            from seed in Gen.Choose(0, int.MaxValue)
            select (n, seed);
        foreach (var (n, seed) in Gen.Sample(cases, 10, new Rnd(20261206UL), 200))
        {
            var random = new Random(seed);
            // A = QᵀQ + δI is symmetric positive definite; b and the box at random, some sides infinite.
            var q = Enumerable.Range(0, n * n).Select(_ => random.NextDouble() * 2 - 1).ToArray();
            var a = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = i == j ? 0.05 : 0;
                    for (int k = 0; k < n; k++) sum += q[k * n + i] * q[k * n + j];
                    a[i * n + j] = sum;
                }
            var b = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 10 - 5).ToArray();
            var lower = new double[n];
            var upper = new double[n];
            for (int i = 0; i < n; i++)
            {
                double low = random.NextDouble() * 4 - 3, width = 0.1 + random.NextDouble() * 3;
                lower[i] = random.NextDouble() < 0.15 ? double.NegativeInfinity : low;
                upper[i] = random.NextDouble() < 0.15 ? double.PositiveInfinity : low + width;
            }
            var bounds = new Bounds(lower, upper);
            var start = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 8 - 4).ToArray();
            var f = new DenseQuadratic(a, b);
            var outcome = BoundedRun.ToConvergence(f, start, bounds, gtol: 1e-10, ftol: 0, maxIterations: 2000);

            string context = $"n = {n}, seed {seed}";
            double[] x = outcome.X.ToArray();
            Assert.True(bounds.Contains(x), $"{context}: the answer left the box");
            var g = new double[n];
            f.ValueAndGradient(x, g);
            for (int i = 0; i < n; i++)
            {
                double scale = 1e-8 * Math.Max(1, Math.Abs(b[i]));
                if (x[i] == lower[i]) Assert.True(g[i] >= -scale, $"{context}: ∂f/∂x{i + 1} = {g[i]} < 0 at its lower bound");
                else if (x[i] == upper[i]) Assert.True(g[i] <= scale, $"{context}: ∂f/∂x{i + 1} = {g[i]} > 0 at its upper bound");
                else Assert.True(Math.Abs(g[i]) <= scale, $"{context}: ∂f/∂x{i + 1} = {g[i]} inside the box");
            }
        }
    }

    [Fact]
    public void TheReadmesBoundedExampleEndsWhereItSays()
    {
        var rosenbrock = FunctionResolver.Resolve("rosenbrock", 2).Objective;
        var options = RunOptions.Default with { Stopping = StoppingRules.Default.With(new GradientTolerance(1e-10)) };
        var boxed = Minimizer.Run(rosenbrock, [-1.2, 1.0], new Lbfgsb(), options with { Bounds = new Bounds([-2, -2], [0.5, 2]) });
        Assert.Equal(0.5, boxed.X[0]);
        Assert.Equal(0.25, boxed.X[1], 1e-10);
        Assert.Equal([new ActiveBound(0, BoundSide.Upper, 0.5)], boxed.ActiveBounds);
        Assert.Equal(StopReason.GradTol, boxed.Stop);
    }

    [Fact]
    public void SpecGivesEveryHyperparameter()
    {
        var method = Methods.Parse("lbfgsb:history_size=5");
        Assert.Equal("lbfgsb:history_size=5,maxls=20", method.ToString());
        Assert.IsAssignableFrom<IBoundConstrainedMethod>(method);
    }

    [Theory]
    [InlineData("lbfgsb:history_size=0", "lbfgsb:history_size must be at least 1, not 0")]
    [InlineData("lbfgsb:maxls=0", "lbfgsb:maxls must be at least 1, not 0")]
    [InlineData("lbfgsb:lr=1", "unknown key 'lr' for optimizer 'lbfgsb'; valid keys: history_size, maxls")]
    public void BadSettingsAreRefused(string text, string message)
    {
        var error = Assert.Throws<InputException>(() => Methods.Parse(text));
        Assert.StartsWith(message, error.Message);
    }
}
