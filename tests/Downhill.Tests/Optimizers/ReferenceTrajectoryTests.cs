using System.Numerics;
using System.Runtime.InteropServices;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Optimizers;

/// <summary>
/// Replays every reference trajectory (every torch.optim optimizer and Lion, each option, float64 and float32) and
/// compares every iterate.
/// </summary>
/// <remarks>
/// Both sides perform the same IEEE operations in the same order, fused where ATen fuses (add with alpha, addcmul),
/// with the same scalars rounded to the parameters' type, and take the bias corrections from the same libm pow
/// (glibc's, which CPython and .NET both call on Linux). So on Linux x64 every iterate of every case must agree with
/// torch to the last bit, and the test demands it. Elsewhere a different pow may round a bias correction the other
/// way; there the tolerances, 1e-13 (float64) and 2e-6 (float32, about 16 ulps at 1) relative to max(|x|, 1), allow
/// for that ulp compounded over 40 steps of a nonlinear map. Lion calls no pow: its cases must agree to the bit everywhere.
/// </remarks>
public class ReferenceTrajectoryTests
{
    public static TheoryData<int> CaseIndices => new(ReferenceFixture.Cases.Select(c => c.Index));

    [Theory]
    [MemberData(nameof(CaseIndices))]
    public void MatchesTorchIterateByIterate(int index)
    {
        var reference = ReferenceFixture.Cases[index];
        bool sameLibm = !reference.UsesPow || OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;
        if (reference.Dtype == "float64")
            Replay<double>(reference, sameLibm ? 0 : 1e-13);
        else
            Replay<float>(reference, sameLibm ? 0 : 2e-6);
    }

    private static void Replay<T>(ReferenceFixture.Case reference, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(reference.Spec), out var optimizer), reference.Spec);
        var x = reference.Iterates[0].Select(T.CreateTruncating).ToArray();
        var g = new T[x.Length];
        var state = optimizer!.CreateState<T>(x.Length);
        for (int k = 1; k < reference.Iterates.Length; k++)
        {
            ReferenceFixture.Gradient<T>(reference.Function, x, g);
            if (reference.Negate)
                for (int i = 0; i < g.Length; i++) g[i] = -g[i];
            state.Step(x, g, optimizer.LearningRate);
            for (int i = 0; i < x.Length; i++)
            {
                double expected = reference.Iterates[k][i], actual = double.CreateTruncating(x[i]);
                Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Max(Math.Abs(expected), 1),
                    $"{reference}: step {k}, x[{i}] = {actual:R}, torch {expected:R}");
            }
        }
        Assert.Equal(reference.Iterates.Length - 1, state.Steps);
    }
}
