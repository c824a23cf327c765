using System.Text.Json;
using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;
using Downhill.Tests.Running;

namespace Downhill.Tests.Optimizers;

/// <summary>
/// Clipped gradients and steps projected onto a box, replayed against tools/reference/clipping_torch.py's torch 1.13
/// runs (clip_grad_norm_ / clip_grad_value_ before optimizer.step(), x.clamp_(low, high) after it), through the run loop.
/// </summary>
/// <remarks>
/// Every iterate must agree to the last bit, except where a 2-norm is taken over more than two components: torch sums
/// those squares in vector lanes in an order Downhill does not copy, so the total (and the clipping factor) may differ
/// in its last bit; there 1e-13 relative to max(|x|, 1) is allowed.
/// </remarks>
public class ClippingReferenceTests
{
    private static readonly JsonElement Fixture =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "clipping.json"))).RootElement;

    public static TheoryData<int> Cases() => new(Enumerable.Range(0, Fixture.GetProperty("cases").GetArrayLength()));

    private static double[] Doubles(JsonElement e) => e.EnumerateArray().Select(Limit).ToArray();

    private static GradientClipping? ClippingOf(JsonElement clip) =>
        clip.ValueKind == JsonValueKind.Null ? null
        : clip.TryGetProperty("value", out var value) ? GradientClipping.ByValue(value.GetDouble())
        : GradientClipping.ByNorm(clip.GetProperty("norm").GetDouble(), Limit(clip.GetProperty("norm_type")));

    /// <summary>A number, or the fixture's "inf" / "-inf".</summary>
    private static double Limit(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble()
        : e.GetString() == "inf" ? double.PositiveInfinity : double.NegativeInfinity;

    private static IObjective ObjectiveOf(string function) => function == "rosenbrock"
        ? new Rosenbrock2()
        : new DiagonalQuadratic(Doubles(Fixture.GetProperty("functions").GetProperty(function).GetProperty("curvatures")));

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTorchStepForStep(int index)
    {
        var reference = Fixture.GetProperty("cases")[index];
        var expected = reference.GetProperty("iterates").EnumerateArray().Select(it => it.EnumerateArray().Select(Limit).ToArray()).ToArray();
        var method = ((FirstOrderMethod)Methods.Parse(reference.GetProperty("spec").GetString()!))
            .WithClipping(ClippingOf(reference.GetProperty("clip")));
        Bounds? box = reference.GetProperty("lower").ValueKind == JsonValueKind.Null ? null
            : new Bounds(reference.GetProperty("lower").EnumerateArray().Select(Limit).ToArray(),
                reference.GetProperty("upper").EnumerateArray().Select(Limit).ToArray());
        var options = RunOptions.Default with
        {
            Bounds = box,
            Stopping = new StoppingRules([new MaxIterations(expected.Length - 1)]),
        };
        double[] start = Fixture.GetProperty("functions").GetProperty(reference.GetProperty("function").GetString()!)
            .GetProperty("start").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var result = Minimizer.Run(ObjectiveOf(reference.GetProperty("function").GetString()!), start, method, options);

        Assert.Equal(expected.Length, result.Trace.Count);
        var clip = reference.GetProperty("clip");
        bool summedInLanes = clip.ValueKind != JsonValueKind.Null && clip.TryGetProperty("norm_type", out var p)
                             && Limit(p) == 2 && start.Length > 2;
        double tolerance = summedInLanes ? 1e-13 : 0;
        for (int k = 0; k < expected.Length; k++)
            for (int i = 0; i < start.Length; i++)
                Assert.True(Math.Abs(result.Trace[k].X[i] - expected[k][i]) <= tolerance * Math.Max(1, Math.Abs(expected[k][i])),
                    $"{reference.GetProperty("spec").GetString()}: step {k}, x[{i}] = {result.Trace[k].X[i]:R}, torch {expected[k][i]:R}");
        long clipped = reference.GetProperty("clipped").EnumerateArray().Count(c => c.GetBoolean());
        Assert.Equal(clip.ValueKind == JsonValueKind.Null ? null : clipped, result.ClippedSteps);
    }
}
