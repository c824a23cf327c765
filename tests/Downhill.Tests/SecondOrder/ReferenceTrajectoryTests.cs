using System.Text.Json;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;
using Downhill.Tests.Running;

namespace Downhill.Tests.SecondOrder;

/// <summary>Trajectories against tools/reference/second_order.py's fixture (torch.optim.LBFGS, numpy Newton, SciPy BFGS).</summary>
public class ReferenceTrajectoryTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "second_order.json"))).RootElement;

    public static TheoryData<int> LbfgsCases() => new(Enumerable.Range(0, Fixture.GetProperty("lbfgs").GetArrayLength()));

    private static IObjective Objective(string name, int dimension) => name switch
    {
        "rosenbrock" => new ChainedRosenbrock(dimension),
        "quadratic" => new DiagonalQuadratic(1, 10, 100),
        _ => throw new ArgumentException(name),
    };

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();

    /// <summary>Runs <paramref name="method"/> step by step from the case's start, checking every iterate.</summary>
    private static void FollowsTrajectory(JsonElement referenceCase, IMethod method, double tolerance)
    {
        double[] x = Doubles(referenceCase.GetProperty("start"));
        var objective = new CountingObjective(Objective(referenceCase.GetProperty("function").GetString()!, x.Length));
        var expected = referenceCase.GetProperty("x").EnumerateArray().Select(Doubles).ToArray();
        var expectedF = Doubles(referenceCase.GetProperty("f"));
        var gradient = new double[x.Length];
        double f = objective.ValueAndGradient(x, gradient);
        var run = method.Start(x.Length);
        for (int k = 1; k < expected.Length; k++)
        {
            run.Advance(x, ref f, gradient, objective);
            for (int i = 0; i < x.Length; i++)
                Assert.True(Math.Abs(x[i] - expected[k][i]) <= tolerance * (1 + Math.Abs(expected[k][i])),
                    $"iteration {k}, x[{i}] = {x[i]:R}, reference {expected[k][i]:R}");
            Assert.True(Math.Abs(f - expectedF[k]) <= tolerance * (1 + Math.Abs(expectedF[k])),
                $"iteration {k}, f = {f:R}, reference {expectedF[k]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(LbfgsCases))]
    public void LbfgsFollowsTorchStepForStep(int index)
    {
        var referenceCase = Fixture.GetProperty("lbfgs")[index];
        var method = Lbfgs.Declared.Create(Spec.Parse(referenceCase.GetProperty("spec").GetString()!));
        FollowsTrajectory(referenceCase, method, 1e-9);
    }

    [Fact]
    public void NewtonFollowsTheTextbookIterates() =>
        FollowsTrajectory(Fixture.GetProperty("newton")[0], new Newton(), 1e-12);

    [Fact]
    public void BfgsFollowsSciPysIterates()
    {
        var reference = Fixture.GetProperty("bfgs");
        var expected = reference.GetProperty("x").EnumerateArray().Select(Doubles).ToArray();
        var options = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.With(new MaxIterations(expected.Length - 1)),
        };
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new Bfgs(), options);
        Assert.Equal(expected.Length, result.Trace.Count);
        for (int k = 0; k < expected.Length; k++)
            for (int i = 0; i < 2; i++)
                Assert.Equal(expected[k][i], result.Trace[k].X[i], 1e-8);
    }

    [Fact]
    public void BfgsReachesTheGradientToleranceOnRosenbrockWithinSciPysEvaluations()
    {
        var reference = Fixture.GetProperty("bfgs");
        int scipyEvaluations = reference.GetProperty("nfev").GetInt32();
        var options = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.With(new GradientTolerance(1e-5)),
        };
        var result = Minimizer.Run(new Rosenbrock2(), [-1.2, 1], new Bfgs(), options);
        Assert.Equal(StopReason.GradTol, result.Stop);
        Assert.True(result.Evaluations.Function <= scipyEvaluations,
            $"{result.Evaluations.Function} evaluations, SciPy {scipyEvaluations}");
        Assert.Equal(1.0, result.X[0], 1e-5);
        Assert.Equal(1.0, result.X[1], 1e-5);
    }
}
