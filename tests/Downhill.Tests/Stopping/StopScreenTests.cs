using Downhill.Stopping;

namespace Downhill.Tests.Stopping;

public class StopScreenTests
{
    private static readonly StoppingRule[] OneOfEachKind =
    [
        new MaxIterations(10), new GradientTolerance(1e-3), new GradientTolerance(1e-3, GradientNormKind.Max),
        new FunctionTolerance(1e-6), new FunctionTolerance(0), new StepTolerance(1e-4), new StepTolerance(0),
        new Patience(5, 0.1), new Target(-1), new TimeLimit(2), new Cancellation(), new Divergence(), new Divergence(50),
    ];

    private static readonly double[] Values = [double.NaN, double.NegativeInfinity, -1e300, -50, -1, -1e-9, 0, 1e-9, 1e-6, 1e-4, 1e-3, 0.1, 1, 2, 50, 51, 1e100, 1e101, double.PositiveInfinity];

    private static IEnumerable<RunProgress> Progresses()
    {
        var random = new Random(11);
        double Any() => Values[random.Next(Values.Length)];
        for (int i = 0; i < 20_000; i++)
            yield return new RunProgress(random.Next(0, 20), Any(), Any(), Any(), Any(), Any(), random.Next(0, 10), Any(),
                random.Next(2) == 0, (NonFinite)random.Next(4));
    }

    [Fact]
    public void WhereARuleIsMetItsScreenPasses()
    {
        foreach (var rule in OneOfEachKind)
        {
            var alone = new StoppingRules([rule]).Screen;
            var amongDefaults = StoppingRules.Default.With(rule).Screen;
            foreach (var progress in Progresses())
                if (rule.IsMet(progress))
                {
                    Assert.True(alone.MayBeMet(progress), $"{rule.Name} met at {progress} but its screen does not pass");
                    Assert.True(amongDefaults.MayBeMet(progress), $"{rule.Name} met at {progress} but the defaults' screen does not pass");
                }
        }
    }

    [Fact]
    public void AtAnOrdinaryIterateTheDefaultsScreenDoesNotPass()
    {
        var screen = StoppingRules.Default.Screen;
        Assert.False(screen.MayBeMet(new RunProgress(5, 1.5, 2, 0.3, 0.2, 0.01, 0, 0, false, NonFinite.None)));
        Assert.True(screen.MayBeMet(new RunProgress(10_000, 1.5, 2, 0.3, 0.2, 0.01, 0, 0, false, NonFinite.None)));
        Assert.True(screen.MayBeMet(new RunProgress(5, 1.5, 2, 0.3, 0.2, 0.01, 0, 0, true, NonFinite.None)));
    }

    [Fact]
    public void WithoutRulesTheScreenPassesNoFiniteProgress()
    {
        var screen = new StoppingRules([]).Screen;
        Assert.DoesNotContain(Progresses(), p => double.IsFinite(p.F) && double.IsFinite(p.GradientNorm) && double.IsFinite(p.GradientMaxNorm)
            && double.IsFinite(p.StepLength) && double.IsFinite(p.ElapsedSeconds) && screen.MayBeMet(p));
    }

    /// <summary>
    /// The run loop screens sums of squares and takes roots only when that screen passes: wherever the screen on the
    /// norms passes, the screen on their squares must too, tolerances' own squares and the values next to them included.
    /// </summary>
    [Fact]
    public void WhereTheScreenPassesOnNormsItPassesOnTheirSquares()
    {
        var random = new Random(12);
        var tolerances = new[] { 1e-300, 1e-160, 1e-12, 1e-8, 1e-6, 0.1, 1, 3, 1e150 };
        foreach (var rules in tolerances.Select(t => StoppingRules.Default.With(new GradientTolerance(t)).With(new StepTolerance(t / 3)))
                     .Append(StoppingRules.Default).Append(new StoppingRules([new StepTolerance(0)])))
        {
            var screen = rules.Screen;
            var squares = screen.Squares;
            double Near(double t)
            {
                double square = t * t * (1 + (random.NextDouble() - 0.5) * 1e-13);
                for (int k = random.Next(-3, 4); k != 0; k -= Math.Sign(k)) square = k > 0 ? Math.BitIncrement(square) : Math.BitDecrement(square);
                return random.Next(8) == 0 ? Values[random.Next(Values.Length)] : Math.Max(square, 0);
            }
            for (int i = 0; i < 20_000; i++)
            {
                double t = tolerances[random.Next(tolerances.Length)];
                double gradientSquares = Near(t), stepSquares = Near(t / 3), largest = Math.Sqrt(Math.Abs(gradientSquares));
                double f = Values[random.Next(Values.Length)], previousF = Values[random.Next(Values.Length)];
                bool finite = double.IsFinite(f) && double.IsFinite(gradientSquares);
                var progress = new RunProgress(random.Next(0, 20), f, previousF, finite ? Math.Sqrt(gradientSquares) : double.NaN,
                    finite ? largest : double.NaN, Math.Sqrt(stepSquares), 0, 0, false, finite ? NonFinite.None : NonFinite.Gradient);
                if (screen.MayBeMet(progress))
                    Assert.True(screen.MayBeMet(progress.Iteration, f, previousF, gradientSquares, finite ? largest : double.NaN, finite,
                        stepSquares, 0, 0, false, squares), $"the norms pass at {progress} but their squares ({gradientSquares:R}, {stepSquares:R}) do not");
            }
        }
    }
}
