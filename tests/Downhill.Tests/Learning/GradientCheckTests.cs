using Downhill.Learning.Autodiff;
using Downhill.Learning.Losses;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Tests.Learning;

/// <summary>
/// Every backward rule against central finite differences of the float32 forward pass. With step h = 1e-2 the
/// difference quotient's truncation error is h²/6·|f‴| ≈ 2e-5 and its rounding error about u·|f|/h ≈ 1e-5 (u = 2⁻²⁴
/// and a few roundings per entry), so agreement within 2e-3 of the largest gradient entry is what a correct rule
/// gives, while a wrong one (a missing factor, a transposed index, a wrong sign) misses by order one.
/// </summary>
public class GradientCheckTests
{
    private const float Step = 1e-2f;
    private const double Tolerance = 2e-3;

    private static Parameter RandomParameter(string name, SeededRandom random, int[] shape, double awayFromZero = 0)
    {
        var p = new Parameter(name, shape);
        for (int i = 0; i < p.Length; i++)
        {
            double v = random.NextGaussian();
            if (Math.Abs(v) < awayFromZero) v = Math.CopySign(awayFromZero + Math.Abs(v), v);
            p.Value.Span[i] = (float)v;
        }
        return p;
    }

    private static InputNode RandomInput(Graph g, SeededRandom random, params int[] shape)
    {
        var x = g.Input(shape);
        for (int i = 0; i < x.Value.Length; i++) x.Value.Span[i] = (float)random.NextGaussian();
        return x;
    }

    /// <summary>Asserts that backward's gradients of <paramref name="output"/> match central differences.</summary>
    internal static void AssertGradientsMatch(Graph g, Node output, params Parameter[] parameters)
    {
        g.Forward();
        g.Backward(output);
        foreach (var p in parameters)
        {
            float[] analytic = p.Gradient.ToArray();
            var numeric = new double[p.Length];
            for (int i = 0; i < p.Length; i++)
            {
                float saved = p.Value.Span[i];
                p.Value.Span[i] = saved + Step;
                g.Forward();
                double up = Value(output);
                p.Value.Span[i] = saved - Step;
                g.Forward();
                double down = Value(output);
                p.Value.Span[i] = saved;
                numeric[i] = (up - down) / (2 * Step);
            }
            double scale = Math.Max(numeric.Max(Math.Abs), 1e-3);
            for (int i = 0; i < p.Length; i++)
                Assert.True(Math.Abs(analytic[i] - numeric[i]) <= Tolerance * scale,
                    $"{p.Name}[{i}]: backward {analytic[i]}, finite difference {numeric[i]} (scale {scale})");
        }
    }

    private static double Value(Node output) => output is LossNode loss ? loss.Precise : output.Value.Span[0];

    [Fact]
    public void MatMulGradientsOfBothFactors()
    {
        var random = new SeededRandom(1);
        var g = new Graph();
        var a = RandomParameter("a", random, [5, 7]);
        var b = RandomParameter("b", random, [7, 18]);
        var target = RandomInput(g, random, 5, 18);
        var y = g.MatMul(g.Parameter(a), g.Parameter(b));
        AssertGradientsMatch(g, g.Loss(Loss.MeanSquaredError, y, target), a, b);
    }

    [Fact]
    public void MatMulGradientsOnTheNarrowOutputPath()
    {
        var random = new SeededRandom(2);
        var g = new Graph(new WorkerPool(2));
        var a = RandomParameter("a", random, [6, 40]);
        var b = RandomParameter("b", random, [40, 3]);
        var target = RandomInput(g, random, 6, 3);
        AssertGradientsMatch(g, g.Loss(Loss.MeanSquaredError, g.MatMul(g.Parameter(a), g.Parameter(b)), target), a, b);
    }

    [Fact]
    public void BroadcastAddAndElementwiseAdd()
    {
        var random = new SeededRandom(3);
        var g = new Graph();
        var x = RandomParameter("x", random, [4, 6]);
        var bias = RandomParameter("bias", random, [6]);
        var z = RandomParameter("z", random, [4, 6]);
        var target = RandomInput(g, random, 4, 6);
        var y = g.Add(g.AddBias(g.Parameter(x), g.Parameter(bias)), g.Parameter(z));
        AssertGradientsMatch(g, g.Loss(Loss.MeanSquaredError, y, target), x, bias, z);
    }

    [Theory]
    [InlineData("relu")]
    [InlineData("leaky-relu")]
    [InlineData("tanh")]
    [InlineData("sigmoid")]
    [InlineData("gelu")]
    public void Activations(string name)
    {
        var random = new SeededRandom(4);
        var g = new Graph();
        // Kinks (relu at 0) are kept further than the step away, where a difference quotient is meaningless.
        var x = RandomParameter("x", random, [3, 21], awayFromZero: 0.05);
        var target = RandomInput(g, random, 3, 21);
        var y = g.Activation(g.Parameter(x), Activation.Parse(name));
        AssertGradientsMatch(g, g.Loss(Loss.MeanSquaredError, y, target), x);
    }

    [Fact]
    public void ReshapeSumAndMean()
    {
        var random = new SeededRandom(5);
        var g = new Graph();
        var x = RandomParameter("x", random, [4, 6]);
        var squared = g.Activation(g.Reshape(g.Parameter(x), 3, 8), Activation.Tanh);
        AssertGradientsMatch(g, g.Sum(squared), x);
        var h = new Graph();
        AssertGradientsMatch(h, h.Mean(h.Activation(h.Reshape(h.Parameter(x), 24), Activation.Sigmoid)), x);
    }

    [Theory]
    [InlineData("mse")]
    [InlineData("rss")]
    [InlineData("mae")]
    [InlineData("huber:delta=0.7")]
    public void RegressionLosses(string name)
    {
        var random = new SeededRandom(6);
        var g = new Graph();
        var p = RandomParameter("p", random, [5, 2]);
        var target = RandomInput(g, random, 5, 2);
        // Keep residuals off the kinks of mae (0) and huber (±δ).
        for (int i = 0; i < p.Length; i++)
        {
            float r = p.Value.Span[i] - target.Value.Span[i];
            if (Math.Abs(r) < 0.05f || Math.Abs(Math.Abs(r) - 0.7f) < 0.05f) p.Value.Span[i] += 0.2f;
        }
        AssertGradientsMatch(g, g.Loss(Loss.Parse(name), g.Parameter(p), target), p);
    }

    [Fact]
    public void CrossEntropyLosses()
    {
        var random = new SeededRandom(7);
        var g = new Graph();
        var logits = RandomParameter("logits", random, [6, 4]);
        var labels = g.Input(6, 1);
        for (int i = 0; i < 6; i++) labels.Value.Span[i] = i % 4;
        AssertGradientsMatch(g, g.Loss(Loss.SoftmaxCrossEntropy, g.Parameter(logits), labels), logits);

        var h = new Graph();
        var z = RandomParameter("z", random, [6, 1]);
        var bits = h.Input(6, 1);
        for (int i = 0; i < 6; i++) bits.Value.Span[i] = i % 2;
        AssertGradientsMatch(h, h.Loss(Loss.BinaryCrossEntropy, h.Parameter(z), bits), z);
    }

    [Fact]
    public void AParameterAddedTwiceIsOneNodeAndGetsBothGradients()
    {
        var random = new SeededRandom(9);
        var g = new Graph();
        var w = RandomParameter("w", random, [4, 4]);
        var x = RandomInput(g, random, 3, 4);
        var target = RandomInput(g, random, 3, 4);
        Assert.Same(g.Parameter(w), g.Parameter(w));
        var y = g.MatMul(g.Activation(g.MatMul(x, g.Parameter(w)), Activation.Tanh), g.Parameter(w));
        AssertGradientsMatch(g, g.Loss(Loss.MeanSquaredError, y, target), w);
    }

    [Fact]
    public void NodesOffThePathToTheOutputGetZeroGradients()
    {
        var random = new SeededRandom(10);
        var g = new Graph();
        var used = RandomParameter("used", random, [2, 2]);
        var unused = RandomParameter("unused", random, [2, 2]);
        unused.Gradient.Span.Fill(7f);
        var target = RandomInput(g, random, 2, 2);
        var side = g.Activation(g.Parameter(unused), Activation.Relu);
        side.Gradient!.Span.Fill(3f);
        var loss = g.Loss(Loss.MeanSquaredError, g.Parameter(used), target);
        g.Forward();
        g.Backward(loss);
        Assert.All(unused.Gradient.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(side.Gradient.ToArray(), v => Assert.Equal(0f, v));
        Assert.Contains(used.Gradient.ToArray(), v => v != 0f);
    }

    [Fact]
    public void AValueUsedTwiceGetsBothGradients()
    {
        var random = new SeededRandom(8);
        var g = new Graph();
        var x = RandomParameter("x", random, [3, 3]);
        var node = g.Parameter(x);
        var target = RandomInput(g, random, 3, 3);
        AssertGradientsMatch(g, g.Loss(Loss.MeanSquaredError, g.MatMul(node, node), target), x);
    }
}
