using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Optimizers;

/// <summary>Properties every first-order optimizer's state has, and a few exact equivalences between optimizers.</summary>
public class OptimizerStateTests
{
    /// <summary>Every optimizer with its state-heavy options on (moment buffers, amsgrad, centered, …).</summary>
    public static TheoryData<string> Specs => new(
        "sgd:lr=0.01,momentum=0.9,weight_decay=0.1", "nesterov:lr=0.01", "adagrad:lr=0.1,lr_decay=0.01,weight_decay=0.1",
        "rmsprop:momentum=0.5,centered=true,weight_decay=0.1", "adadelta:weight_decay=0.1", "adam:amsgrad=true,weight_decay=0.1",
        "adamw:amsgrad=true", "nadam:weight_decay=0.1", "radam:weight_decay=0.1", "adamax:weight_decay=0.1",
        "lion:weight_decay=0.1");

    private static FirstOrderOptimizer Create(string text)
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(text), out var optimizer));
        return optimizer!;
    }

    /// <summary>A deterministic pseudo-random vector (a fixed linear congruential sequence, no shared generator).</summary>
    private static float[] Vector(int length, uint seed)
    {
        var v = new float[length];
        for (int i = 0; i < length; i++)
        {
            seed = seed * 1664525 + 1013904223;
            v[i] = (seed >> 8) / (float)(1 << 24) * 4 - 2;
        }
        return v;
    }

    [Theory]
    [MemberData(nameof(Specs))]
    public void LargeBlockSplitAcrossCoresMatchesSmallBlocksBitForBit(string spec)
    {
        // 3 parallel blocks plus a ragged tail, against serial states over pieces whose edges fall mid-vector.
        const int length = 3 * (1 << 16) + 13;
        var optimizer = Create(spec);
        var whole = Vector(length, 1);
        var pieces = (float[])whole.Clone();
        var wholeState = optimizer.CreateState<float>(length);
        int[] edges = [0, 7, 40_001, 131_075, length];
        var pieceStates = edges.Zip(edges.Skip(1)).Select(e => optimizer.CreateState<float>(e.Second - e.First)).ToArray();
        for (int step = 0; step < 3; step++)
        {
            var g = Vector(length, (uint)step + 7);
            wholeState.Step(whole, g, optimizer.LearningRate);
            for (int k = 0; k < pieceStates.Length; k++)
                pieceStates[k].Step(pieces.AsSpan(edges[k]..edges[k + 1]), g.AsSpan(edges[k]..edges[k + 1]), optimizer.LearningRate);
        }
        Assert.Equal(pieces, whole);
    }

    /// <summary>Settings that exercise more of a state than its defaults do, by optimizer name.</summary>
    private static readonly Dictionary<string, string> Exercising = new()
    {
        ["sgd"] = "momentum=0.9",
        ["rmsprop"] = "centered=true,momentum=0.5",
        ["adam"] = "amsgrad=true",
        ["lion"] = "weight_decay=0.1",
    };

    /// <summary>Every registered optimizer that declares torch's <c>maximize</c>, with its exercising settings.</summary>
    public static TheoryData<string> Maximizable => new(FirstOrderOptimizers.Declarations
        .Where(d => d.Hyperparameters.Any(h => h.Name == "maximize"))
        .Select(d => Exercising.TryGetValue(d.Name, out var settings) ? $"{d.Name}:{settings}" : d.Name));

    [Theory]
    [MemberData(nameof(Maximizable))]
    public void MaximizingMinusFIsMinimizingFBitForBit(string spec)
    {
        var minimizer = Create(spec);
        var maximizer = Create(spec + (spec.Contains(':') ? "," : ":") + "maximize=true");
        double[] x = [1.5, -0.5, 2, 0.25, -3], y = (double[])x.Clone();
        var minState = minimizer.CreateState<double>(x.Length);
        var maxState = maximizer.CreateState<double>(y.Length);
        for (int step = 0; step < 5; step++)
        {
            var g = x.Select((v, i) => v * (i + 1)).ToArray();
            minState.Step(x, g, minimizer.LearningRate);
            maxState.Step(y, g.Select(v => -v).ToArray(), maximizer.LearningRate);
        }
        Assert.Equal(x, y);
    }

    [Fact]
    public void AdamWithoutMomentumOrEpsIsRmsPropWithBiasCorrectedLearningRate()
    {
        // β₁ = 0, ε = 0: θ ← θ − γ·g / (√v / √(1 − β₂ᵗ)), which is RMSprop (α = β₂, ε = 0) at γ·√(1 − β₂ᵗ).
        var adam = new Adam(lr: 0.01, beta1: 0, beta2: 0.9, eps: 0);
        var rmsprop = new RmsProp(lr: 0.01, alpha: 0.9, eps: 0);
        double[] x = [1.5, -0.5, 2], y = (double[])x.Clone();
        var adamState = adam.CreateState<double>(3);
        var rmspropState = rmsprop.CreateState<double>(3);
        for (int t = 1; t <= 20; t++)
        {
            adamState.Step(x, x.Select(v => 3 * v * v * v).ToArray(), adam.LearningRate);
            rmspropState.Step(y, y.Select(v => 3 * v * v * v).ToArray(), 0.01 * Math.Sqrt(1 - Math.Pow(0.9, t)));
            for (int i = 0; i < 3; i++)
                Assert.Equal(x[i], y[i], 1e-14);
        }
    }

    [Fact]
    public void AdamWWithoutDecayIsAdamBitForBit()
    {
        double[] x = [1.5, -0.5, 2], y = (double[])x.Clone();
        var adam = new Adam(lr: 0.05).CreateState<double>(3);
        var adamw = new AdamW(lr: 0.05, weightDecay: 0).CreateState<double>(3);
        for (int t = 0; t < 10; t++)
        {
            adam.Step(x, x.Select(v => v - 1).ToArray(), 0.05);
            adamw.Step(y, y.Select(v => v - 1).ToArray(), 0.05);
        }
        Assert.Equal(x, y);
    }

    [Fact]
    public void AdamFirstStepMovesEachCoordinateByTheLearningRate()
    {
        // m̂ = g, v̂ = g² after one step, so θ moves by γ·g/(|g| + ε).
        double[] x = [1, 2, 3];
        new Adam(lr: 0.1).CreateState<double>(3).Step(x, [4, -0.5, 1e-3], 0.1);
        Assert.Equal(1 - 0.1 * 4 / (4 + 1e-8), x[0], 1e-15);
        Assert.Equal(2 + 0.1 * 0.5 / (0.5 + 1e-8), x[1], 1e-15);
        Assert.Equal(3 - 0.1 * 1e-3 / (1e-3 + 1e-8), x[2], 1e-15);
    }

    [Fact]
    public void StepUsesTheLearningRateItIsGivenAndCountsSteps()
    {
        float[] x = [1, -2];
        var state = new Sgd(lr: 0.1).CreateState<float>(2);
        state.Step(x, [4, 8], 0.25);
        state.Step(x, [4, 8], 0.5);
        Assert.Equal([1 - 0.25f * 4 - 0.5f * 4, -2 - 0.25f * 8 - 0.5f * 8], x);
        Assert.Equal(2, state.Steps);
    }

    [Fact]
    public void MomentumBufferStartsAsTheFirstGradientUndampened()
    {
        // torch: b₁ = g₁ (no dampening on the first step), then bₜ = μ·bₜ₋₁ + (1 − τ)·gₜ.
        double[] x = [0];
        var state = new Sgd(lr: 1, momentum: 0.5, dampening: 0.5).CreateState<double>(1);
        state.Step(x, [1], 1);
        Assert.Equal(-1, x[0]);
        state.Step(x, [1], 1);
        Assert.Equal(-1 - (0.5 * 1 + 0.5 * 1), x[0]);
    }

    [Fact]
    public void MismatchedSpansAreRejected()
    {
        var state = new Adam().CreateState<double>(3);
        var e = Assert.Throws<ArgumentException>(() => state.Step(new double[3], new double[2], 0.1));
        Assert.Contains("holds 3 parameters", e.Message);
        Assert.Equal(0, state.Steps);
    }

    [Fact]
    public void OnlyFloatAndDoubleParametersAreSupported() =>
        Assert.Contains("float or double", Assert.Throws<NotSupportedException>(() => new Sgd().CreateState<Half>(3)).Message);
}
