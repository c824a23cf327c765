using System.Text.Json;
using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Tests.Optimizers;

/// <summary>lbfgsb against SciPy's L-BFGS-B on tools/reference/lbfgsb_scipy.py's bounded problems.</summary>
public class LbfgsbReferenceTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "lbfgsb.json"))).RootElement;

    public static TheoryData<string> Problems() =>
        new(Fixture.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("name").GetString()!));

    internal static JsonElement Problem(string name) =>
        Fixture.GetProperty("problems").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    private static double[] Doubles(JsonElement e, double missing = double.NaN) =>
        e.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? missing : v.GetDouble()).ToArray();

    internal static Bounds BoundsOf(JsonElement problem) =>
        new(Doubles(problem.GetProperty("lower"), double.NegativeInfinity), Doubles(problem.GetProperty("upper"), double.PositiveInfinity));

    internal static IObjective ObjectiveOf(JsonElement problem) =>
        FunctionResolver.Resolve(problem.GetProperty("function").GetString()!, problem.GetProperty("dimension").GetInt32()).Objective;

    private static RunResult RunAsScipy(JsonElement problem) =>
        BoundedRun.ToConvergence(ObjectiveOf(problem), Doubles(problem.GetProperty("start")), BoundsOf(problem),
            problem.GetProperty("gtol").GetDouble(), problem.GetProperty("ftol").GetDouble());

    [Theory]
    [MemberData(nameof(Problems))]
    public void ReachesSciPysFinalPointWithinTenPercentOfItsEvaluations(string name)
    {
        var problem = Problem(name);
        var result = RunAsScipy(problem);
        double[] expected = Doubles(problem.GetProperty("x"));
        double worst = expected.Select((e, i) => Math.Abs(result.X[i] - e)).Max();
        int scipyEvaluations = problem.GetProperty("nfev").GetInt32();
        Assert.True(worst <= 1e-8, $"{name}: max |x − x_scipy| = {worst:g3} after {result.Iterations} iterations (SciPy {problem.GetProperty("nit").GetInt32()})");
        Assert.True(Math.Abs(result.Evaluations.Function - scipyEvaluations) <= 0.1 * scipyEvaluations,
            $"{name}: {result.Evaluations.Function} evaluations, SciPy {scipyEvaluations}");
        Assert.Equal(problem.GetProperty("f").GetDouble(), result.F, 1e-10 * Math.Max(1, Math.Abs(result.F)));
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void FollowsSciPysIterates(string name)
    {
        var problem = Problem(name);
        var expected = problem.GetProperty("iterates").EnumerateArray().Select(e => Doubles(e)).ToArray();
        if (expected.Length == 0) return;
        var iterates = RunAsScipy(problem).Trace.Skip(1).Select(entry => entry.X).ToArray();
        Assert.Equal(expected.Length, iterates.Length);
        for (int k = 0; k < expected.Length; k++)
            for (int i = 0; i < expected[k].Length; i++)
                Assert.True(Math.Abs(iterates[k][i] - expected[k][i]) <= 1e-8,
                    $"{name} iteration {k + 1}: x[{i}] = {iterates[k][i]:R}, SciPy {expected[k][i]:R}");
    }
}
