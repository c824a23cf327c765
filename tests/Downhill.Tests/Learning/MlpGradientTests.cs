using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Tests.Learning;

/// <summary>
/// The gradient of a whole MLP (every weight and bias, through softmax cross-entropy) against central differences
/// of an independent float64 forward pass (step 1e-6, so the reference is good to about 1e-9). The float32 backward
/// pass accumulates at most a few hundred roundings of u = 2⁻²⁴ ≈ 6e-8 per entry along paths of modest condition,
/// a relative error near 1e-5; the bound of 2e-4 of the largest entry leaves a margin of 20, and any wrong rule
/// misses by order one.
/// </summary>
public class MlpGradientTests
{
    private const double Tolerance = 2e-4;

    [Theory]
    [InlineData("mlp:8,6:tanh")]
    [InlineData("mlp:7,7,5:sigmoid")]
    [InlineData("mlp:9:gelu")]
    [InlineData("mlp:10,8:relu")]
    public void BackwardMatchesFloat64FiniteDifferences(string spec)
    {
        const int batch = 5, features = 4, classes = 3;
        var random = new SeededRandom(42);
        var model = Model.Create(spec, features, classes);
        model.Initialize(Initializer.Xavier, random);
        foreach (var layer in model.Layers)
            for (int i = 0; i < layer.Bias.Length; i++) layer.Bias.Value.Span[i] = (float)(0.1 * random.NextGaussian());
        var g = model.BuildGraph(batch, WorkerPool.Single);
        for (int i = 0; i < g.Input.Value.Length; i++) g.Input.Value.Span[i] = (float)random.NextGaussian();
        for (int i = 0; i < batch; i++) g.Target.Value.Span[i] = i % classes;
        g.Graph.Forward();
        g.Graph.Backward(g.Loss);

        double[][] parameters = model.Parameters.Select(p => p.Value.ToArray().Select(v => (double)v).ToArray()).ToArray();
        double ReferenceLoss() => Float64Loss(model, parameters, g.Input.Value.ToArray(), g.Target.Value.ToArray(), batch);
        Assert.Equal(ReferenceLoss(), g.Loss.Precise, 5);

        for (int p = 0; p < parameters.Length; p++)
        {
            float[] analytic = model.Parameters[p].Gradient.ToArray();
            var numeric = new double[analytic.Length];
            for (int i = 0; i < numeric.Length; i++)
            {
                double saved = parameters[p][i];
                const double h = 1e-6;
                parameters[p][i] = saved + h;
                double up = ReferenceLoss();
                parameters[p][i] = saved - h;
                double down = ReferenceLoss();
                parameters[p][i] = saved;
                numeric[i] = (up - down) / (2 * h);
            }
            double scale = Math.Max(numeric.Max(Math.Abs), 1e-6);
            for (int i = 0; i < numeric.Length; i++)
                Assert.True(Math.Abs(analytic[i] - numeric[i]) <= Tolerance * scale,
                    $"{model.Parameters[p].Name}[{i}]: backward {analytic[i]}, float64 finite difference {numeric[i]}");
        }
    }

    /// <summary>Mean softmax cross-entropy of the MLP, every operation in double.</summary>
    private static double Float64Loss(Model model, double[][] parameters, float[] input, float[] labels, int batch)
    {
        double[] x = input.Select(v => (double)v).ToArray();
        int width = model.Inputs;
        for (int l = 0; l < model.Layers.Count; l++)
        {
            var layer = model.Layers[l];
            double[] w = parameters[2 * l], b = parameters[2 * l + 1];
            int outputs = layer.Outputs;
            var y = new double[batch * outputs];
            for (int i = 0; i < batch; i++)
                for (int j = 0; j < outputs; j++)
                {
                    double s = b[j];
                    for (int k = 0; k < width; k++) s += x[i * width + k] * w[k * outputs + j];
                    y[i * outputs + j] = layer.Activation?.Name switch
                    {
                        null => s,
                        "relu" => Math.Max(s, 0),
                        "tanh" => Math.Tanh(s),
                        "sigmoid" => 1 / (1 + Math.Exp(-s)),
                        "gelu" => s * 0.5 * (1 + Erf(s / Math.Sqrt(2))),
                        var name => throw new ArgumentException(name),
                    };
                }
            (x, width) = (y, outputs);
        }
        double loss = 0;
        for (int i = 0; i < batch; i++)
        {
            var row = x.AsSpan(i * width, width);
            double max = double.NegativeInfinity;
            foreach (double v in row) max = Math.Max(max, v);
            double total = 0;
            foreach (double v in row) total += Math.Exp(v - max);
            loss += Math.Log(total) + max - row[(int)labels[i]];
        }
        return loss / batch;
    }

    /// <summary>erf by its Taylor series (converges fast for the |x| &lt; 4 met here), independent of the library's.</summary>
    private static double Erf(double x)
    {
        double term = x, sum = x;
        for (int n = 1; n < 80; n++)
        {
            term *= -x * x / n;
            sum += term / (2 * n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}
