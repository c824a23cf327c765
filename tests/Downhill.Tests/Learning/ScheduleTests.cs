using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Running;

namespace Downhill.Tests.Learning;

/// <summary>Schedules against torch.optim.lr_scheduler's documented formulas, epoch by epoch (base rate 0.1).</summary>
public class ScheduleTests
{
    private static double[] Rates(string spec, int epochs = 6) =>
        Enumerable.Range(0, epochs).Select(e => LearningRateSchedule.Parse(spec).Rate(e, 0.1)).ToArray();

    [Fact]
    public void ClosedFormSchedules()
    {
        Assert.Equal([0.1, 0.1, 0.01, 0.01, 0.001, 0.001], Rates("step:step_size=2"), new ToleranceComparer(1e-15));
        Assert.Equal([0.1, 0.05, 0.025, 0.0125], Rates("exponential:gamma=0.5", 4), new ToleranceComparer(1e-15));
        // cosine: eta_min + (lr − eta_min)(1 + cos(π e / T_max))/2 with T_max 4, eta_min 0.02
        Assert.Equal([0.1, 0.08828427, 0.06, 0.03171573, 0.02], Rates("cosine:T_max=4,eta_min=0.02", 5), new ToleranceComparer(1e-8));
        // LinearLR warm-up: factor 1/3 → 1 over 3 epochs, then 1
        Assert.Equal([0.1 / 3, 0.1 * 5 / 9, 0.1 * 7 / 9, 0.1, 0.1], Rates("linear:total_iters=3", 5), new ToleranceComparer(1e-15));
        Assert.Equal([0.1, 0.1], Rates("constant", 2));
    }

    [Fact]
    public void PlateauReducesAfterPatienceBadEpochsThenCoolsDown()
    {
        var schedule = LearningRateSchedule.Parse("plateau:patience=1,factor=0.5,cooldown=1");
        var rates = new List<double>();
        double[] losses = [1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95];
        for (int e = 0; e < losses.Length; e++)
        {
            rates.Add(schedule.Rate(e, 0.1));
            schedule.EndEpoch(e, 0.1, losses[e]);
        }
        // Bad epochs 3 and 4 (> patience 1) halve the rate for epoch 5; epoch 5 is cooldown; 6 and 7 halve again.
        Assert.Equal([0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05], rates);
        Assert.Equal(0.025, schedule.Rate(7, 0.1), 15);
    }

    [Theory]
    [InlineData("step", "step needs step_size")]
    [InlineData("cosine:T_max=0", "cosine:T_max must be positive")]
    [InlineData("plateau:factor=2", "plateau:factor must be between 0 and 1")]
    [InlineData("exponential:gama=0.9", "unknown key 'gama'")]
    [InlineData("onecycle", "unknown schedule 'onecycle'")]
    public void BadSchedulesAreNamed(string spec, string message) =>
        Assert.Contains(message, Assert.Throws<InputException>(() => LearningRateSchedule.Parse(spec)).Message);

    [Fact]
    public void InitializersDrawWithTheirDeviations()
    {
        var random = new SeededRandom(1);
        var weights = new float[200_000];
        foreach (var (init, fanIn, fanOut, std) in new[] { (Initializer.He, 200, 100, Math.Sqrt(2.0 / 200)),
                     (Initializer.Xavier, 200, 100, Math.Sqrt(2.0 / 300)), (Initializer.Gaussian(0.01), 5, 5, 0.01) })
        {
            init.Fill(weights, fanIn, fanOut, random);
            double measured = Math.Sqrt(weights.Average(w => (double)w * w));
            Assert.Equal(std, measured, std * 0.01);
        }
        Assert.Equal("gaussian:std=0.5", Initializer.Parse("gaussian:std=0.5").ToString());
    }

    [Fact]
    public void TheTorchInitializerDrawsWeightsAndBiasesUniformlyWithinOneOverRootFanIn()
    {
        // PyTorch's nn.Linear: kaiming_uniform(a=√5) on the weight, U(±1/√fan_in) on the bias; std = bound/√3.
        var model = Model.Create("mlp:300", 400, 10);
        model.Initialize(Initializer.Torch, new SeededRandom(5));
        foreach (var layer in model.Layers)
        {
            double bound = 1 / Math.Sqrt(layer.Inputs);
            var weights = layer.Weight.Value.Span.ToArray();
            var biases = layer.Bias.Value.Span.ToArray();
            Assert.All(weights.Concat(biases), v => Assert.InRange(Math.Abs(v), 0, bound));
            Assert.Equal(bound / Math.Sqrt(3), Math.Sqrt(weights.Average(w => (double)w * w)), bound * 0.02);
            Assert.Equal(bound, weights.Max(w => Math.Abs(w)), bound * 0.01);
            Assert.Equal(Initializer.Torch.StandardDeviation(layer.Inputs, layer.Outputs), bound / Math.Sqrt(3), 1e-15);
        }
        Assert.True(model.Layers[0].Bias.Value.Span.ToArray().Count(b => b != 0) > 290, "torch's biases are drawn, not zero");
        Assert.Equal(0.05, model.Layers[0].Bias.Value.Span.ToArray().Max(b => Math.Abs(b)), 0.002);
        Assert.Same(Initializer.Torch, Initializer.Parse("torch"));
        Assert.Same(Initializer.Torch, model.DefaultInitializer);
        Assert.Same(Initializer.Torch, Model.Create("softmax", 4, 3).DefaultInitializer);
    }

    [Fact]
    public void GaussianXavierAndHeStartBiasesAtZero()
    {
        var model = Model.Create("mlp:8", 4, 3);
        model.Layers[0].Bias.Value.Span.Fill(1);
        model.Initialize(Initializer.He, new SeededRandom(2));
        Assert.All(model.Layers.SelectMany(l => l.Bias.Value.Span.ToArray()), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void ModelsAreBuiltFromTheirSpecs()
    {
        var mlp = Model.Create("mlp:256,128:gelu", 784, 10);
        Assert.Equal([784, 256, 128], mlp.Layers.Select(l => l.Inputs));
        Assert.Equal([256, 128, 10], mlp.Layers.Select(l => l.Outputs));
        Assert.Equal(["gelu", "gelu", null], mlp.Layers.Select(l => l.Activation?.Name));
        Assert.Equal(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, mlp.ParameterCount);
        Assert.Equal("cross-entropy", mlp.Loss.Name);
        Assert.Equal("bce", Model.Create("logistic", 30, 2).Loss.Name);
        Assert.Equal("mse", Model.Create("linear", 10, 0).Loss.Name);
        Assert.Equal("mse", Model.Create("mlp:8", 10, 0).Loss.Name);
        var e = Assert.Throws<InputException>(() => Model.Create("mlp:64:swish", 4, 3));
        Assert.Contains("unknown activation 'swish'", e.Message);
        Assert.Equal(7, e.Position);
        Assert.Equal("logistic needs two classes, but the data has 3; use softmax", Assert.Throws<InputException>(() => Model.Create("logistic", 4, 3)).Message);
        // A regression target (diabetes): the advice is the regression model, not another classifier.
        Assert.Equal("logistic needs two classes, but the data is a regression problem; use linear", Assert.Throws<InputException>(() => Model.Create("logistic", 10, 0)).Message);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
