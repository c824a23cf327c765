using System.Numerics;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Optimizers;

/// <summary>Every optimizer's state is declared data: saved and restored through its declaration, it continues bit for bit.</summary>
public class DeclaredStateTests
{
    /// <summary>
    /// Every registered optimizer with every buffer it can have: momentum where declared, every switch but maximize on,
    /// weight decay where declared (all read from the declarations, so a new optimizer is covered without a list).
    /// </summary>
    public static TheoryData<string> Registered => new(FirstOrderOptimizers.Declarations.Select(d => StateHeavy(d).ToString()));

    private static FirstOrderOptimizer StateHeavy(MethodDeclaration<FirstOrderOptimizer> declaration)
    {
        var optimizer = declaration.Create();
        var keys = declaration.Hyperparameters;
        if (keys.Any(k => k.Name == "momentum")) optimizer = optimizer.With("momentum", 0.5);
        foreach (var flag in keys.Where(k => k.Kind == HyperparameterKind.Boolean && k.Name != "maximize")) optimizer = optimizer.With(flag.Name, true);
        if (keys.Any(k => k.Name == "weight_decay")) optimizer = optimizer.With("weight_decay", 0.1);
        return optimizer;
    }

    [Theory]
    [MemberData(nameof(Registered))]
    public void SavedAfterSomeStepsAndRestoredIntoAFreshStateItContinuesBitForBitInFloat(string spec) =>
        ContinuesBitForBit<float>(spec);

    [Theory]
    [MemberData(nameof(Registered))]
    public void SavedAfterSomeStepsAndRestoredIntoAFreshStateItContinuesBitForBitInDouble(string spec) =>
        ContinuesBitForBit<double>(spec);

    private static void ContinuesBitForBit<T>(string spec) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // 37: a vector body and a ragged tail; 400 steps: past the point where β₁ᵗ's bias correction rounds to 1.
        const int length = 37;
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(spec), out var optimizer));
        var straight = Point<T>(length);
        var resumed = Point<T>(length);
        var straightState = optimizer!.CreateState<T>(length);
        var firstState = optimizer.CreateState<T>(length);
        for (int t = 0; t < 400; t++)
        {
            straightState.Step(straight, Gradient(straight), optimizer.LearningRate);
            firstState.Step(resumed, Gradient(resumed), optimizer.LearningRate);
        }
        var snapshot = firstState.Save();
        Assert.Equal(400, snapshot.Scalars[0].Value);
        Assert.Equal("step", snapshot.Scalars[0].Key);
        var secondState = optimizer.CreateState<T>(length);
        secondState.Restore(snapshot);
        Assert.Equal(snapshot.Scalars, secondState.Save().Scalars);
        for (int t = 0; t < 50; t++)
        {
            straightState.Step(straight, Gradient(straight), optimizer.LearningRate);
            secondState.Step(resumed, Gradient(resumed), optimizer.LearningRate);
        }
        Assert.Equal(straight, resumed);
        Assert.Equal(straightState.Save().Scalars, secondState.Save().Scalars);
    }

    [Theory]
    [InlineData("sgd", "")]
    [InlineData("sgd:momentum=0.9", "momentum_buffer")]
    [InlineData("adagrad", "sum")]
    [InlineData("rmsprop:centered=true,momentum=0.5", "square_avg,grad_avg,momentum_buffer")]
    [InlineData("adadelta", "square_avg,acc_delta")]
    [InlineData("adam", "exp_avg,exp_avg_sq")]
    [InlineData("adamw:amsgrad=true", "exp_avg,exp_avg_sq,max_exp_avg_sq")]
    [InlineData("nadam", "exp_avg,exp_avg_sq")]
    [InlineData("radam", "exp_avg,exp_avg_sq")]
    [InlineData("adamax", "exp_avg,exp_inf")]
    public void BuffersAreDeclaredByTorchsNames(string spec, string buffers)
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(spec), out var optimizer));
        var state = optimizer!.CreateState<float>(5);
        Assert.Equal(buffers, string.Join(",", state.Buffers.Select(b => b.Name)));
        Assert.All(state.Buffers, b => Assert.Equal(5, b.Values.Length));
    }

    [Fact]
    public void NadamDeclaresItsMomentumProductAsAFloatScalar()
    {
        var state = new NAdam().CreateState<double>(3);
        double[] x = [1, 2, 3];
        state.Step(x, [0.5, -1, 2], 0.002);
        Assert.Equal(["step", "mu_product"], state.Scalars.Select(s => s.Name));
        Assert.Equal(StateScalarKind.Single, state.Scalars[1].Kind);
        Assert.Equal((double)(float)(0.9 * (1 - 0.5 * Math.Pow(0.96, 0.004))), state.Scalars[1].Value);
    }

    [Theory]
    [InlineData("buffers", "the optimizer state's buffers are (exp_avg), not the declared (exp_avg, exp_avg_sq)")]
    [InlineData("short", "the optimizer state's exp_avg_sq holds 2 numbers, but the parameters are 3")]
    [InlineData("nan", "the optimizer state's exp_avg[1] is NaN, not a finite number")]
    [InlineData("step", "the optimizer state's step must be a whole number from 0 to 2^53, not -1")]
    [InlineData("fraction", "the optimizer state's step must be a whole number from 0 to 2^53, not 2.5")]
    public void ASnapshotThatDoesNotFitTheDeclarationIsRefusedAndChangesNothing(string damage, string message)
    {
        var state = new Adam().CreateState<double>(3);
        double[] x = [1, 2, 3];
        state.Step(x, [1, 1, 1], 0.001);
        var before = state.Save();
        var good = state.Save();
        var bad = damage switch
        {
            "buffers" => good with { Buffers = [good.Buffers[0]] },
            "short" => good with { Buffers = [good.Buffers[0], new(good.Buffers[1].Key, [1, 2])] },
            "nan" => good with { Buffers = [new(good.Buffers[0].Key, [1, double.NaN, 3]), good.Buffers[1]] },
            "step" => good with { Scalars = [new("step", -1)] },
            _ => good with { Scalars = [new("step", 2.5)] },
        };
        Assert.Equal(message, Assert.Throws<InputException>(() => state.Restore(bad)).Message);
        Assert.Equal(before.Scalars, state.Save().Scalars);
        Assert.Equal(before.Buffers.Select(b => b.Value), state.Save().Buffers.Select(b => b.Value));
    }

    private static T[] Point<T>(int length) where T : unmanaged, IFloatingPointIeee754<T> =>
        Enumerable.Range(0, length).Select(i => T.CreateTruncating(Math.Sin(i + 1) * 2)).ToArray();

    // ∇ of Σ (xᵢ⁴/4 − xᵢ): nonlinear, so every state's history shapes the path.
    private static T[] Gradient<T>(T[] x) where T : unmanaged, IFloatingPointIeee754<T> =>
        x.Select(v => v * v * v - T.One).ToArray();
}
