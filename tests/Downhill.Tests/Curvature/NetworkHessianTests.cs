using Downhill.Curvature.Networks;
using Downhill.Curvature;
using Downhill.Learning.Data;
using Downhill.Learning.Losses;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Tests.Curvature;

/// <summary>
/// H·v of networks larger than the torch fixture's: against central differences of the gradient, across precisions,
/// threads and batch sizes, by blocks, and without allocation once warm.
/// </summary>
public class NetworkHessianTests
{
    /// <summary>Rows of a random classification (or regression) problem, float32 features.</summary>
    internal static Dataset RandomData(int rows, int features, int classes, ulong seed, double sparsity = 0)
    {
        var random = new SeededRandom(seed);
        var x = new float[rows * features];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() < sparsity ? 0f : (float)random.NextGaussian();
        var y = new float[rows];
        for (int i = 0; i < rows; i++) y[i] = classes > 0 ? random.NextInt(classes) : (float)random.NextGaussian();
        var names = Enumerable.Range(0, classes).Select(c => $"c{c}").ToList();
        return new Dataset("random", x, y, features, names);
    }

    internal static Model RandomModel(string spec, int features, int classes, ulong seed)
    {
        var model = Model.Create(spec, features, classes);
        model.Initialize(Initializer.Torch, new SeededRandom(seed));
        return model;
    }

    private static double[] RandomVector(int n, ulong seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextGaussian()).ToArray();
    }

    private static double Norm(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (double x in v) s += x * x;
        return Math.Sqrt(s);
    }

    private static double RelativeDistance(double[] a, double[] b) =>
        Norm(a.Zip(b, (x, y) => x - y).ToArray()) / Math.Max(Norm(b), 1e-300);

    /// <summary>(∇L(θ + εv) − ∇L(θ − εv)) / 2ε.</summary>
    private static double[] CentralDifference(NetworkLoss loss, double[] theta, double[] v, double epsilon)
    {
        int n = theta.Length;
        var up = new double[n];
        var down = new double[n];
        loss.Gradient(theta.Select((t, i) => t + epsilon * v[i]).ToArray(), up);
        loss.Gradient(theta.Select((t, i) => t - epsilon * v[i]).ToArray(), down);
        return up.Select((u, i) => (u - down[i]) / (2 * epsilon)).ToArray();
    }

    /// <summary>
    /// float64, ε = 1e-5: the difference quotient's truncation error is ε²/6·|∇⁴L| ≈ 1e-11 and its rounding error about
    /// 1e-16·|∇L|/ε ≈ 1e-11 (relative to H·v, which is of the gradient's size here), so 1e-7 is a margin of 10⁴. Smooth
    /// activations only: relu's kinks make a difference quotient meaningless where a pre-activation crosses 0.
    /// </summary>
    [Theory]
    [InlineData("mlp:12,9:tanh", 5)]
    [InlineData("mlp:10:gelu", 4)]
    [InlineData("mlp:8,8:sigmoid", 3)]
    [InlineData("mlp:7:gelu", 0)]
    public void Float64ProductsMatchCentralDifferencesOfTheGradient(string spec, int classes)
    {
        var data = RandomData(37, 6, classes, 11);
        var model = RandomModel(spec, 6, classes, 12);
        using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Precision = Precision.Float64, BatchRows = 10 });
        double[] theta = loss.Parameters(), v = RandomVector(loss.Dimension, 13);
        var hv = new double[loss.Dimension];
        loss.Hessian(theta).Multiply(v, hv);
        double distance = RelativeDistance(hv, CentralDifference(loss, theta, v, 1e-5));
        Assert.True(distance < 1e-7, $"‖H·v − finite difference‖/‖H·v‖ = {distance:G3}");
    }

    /// <summary>
    /// float32 against float64 on a relu network of MNIST's shape in miniature, sparse inputs and all: 1e-7 roundings
    /// along chains of a few hundred terms leave about 1e-5, so 1e-4 passes and a wrong rule does not.
    /// </summary>
    [Fact]
    public void Float32ProductsMatchFloat64()
    {
        var data = RandomData(300, 80, 10, 21, sparsity: 0.8);
        var model = RandomModel("mlp:48,32", 80, 10, 22);
        using var single = new NetworkLoss(model, data, new NetworkLossOptions { Threads = 2, BatchRows = 128 });
        using var wide = new NetworkLoss(model, data, new NetworkLossOptions { Precision = Precision.Float64, BatchRows = 128 });
        double[] theta = single.Parameters(), v = RandomVector(single.Dimension, 23);
        var hv32 = new double[single.Dimension];
        var hv64 = new double[single.Dimension];
        single.Hessian(theta).Multiply(v, hv32);
        wide.Hessian(theta).Multiply(v, hv64);
        Assert.True(RelativeDistance(hv32, hv64) < 1e-4, $"float32 against float64: {RelativeDistance(hv32, hv64):G3}");
    }

    /// <summary>
    /// float32 against a float32 difference quotient of the gradient along a unit v (ε = 1e-2, so each weight moves by
    /// about 1e-4): truncation near 1e-4 and rounding near 1e-7·‖∇L‖/ε ≈ 1e-5 relative, so 1e-2 is a wide margin.
    /// </summary>
    [Fact]
    public void Float32ProductsMatchCentralDifferences()
    {
        var data = RandomData(300, 80, 10, 24, sparsity: 0.8);
        var model = RandomModel("mlp:48,32:gelu", 80, 10, 25);
        using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Threads = 2, BatchRows = 128 });
        double[] theta = loss.Parameters(), v = RandomVector(loss.Dimension, 26);
        double norm = Norm(v);
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
        var hv = new double[loss.Dimension];
        loss.Hessian(theta).Multiply(v, hv);
        double distance = RelativeDistance(hv, CentralDifference(loss, theta, v, 1e-2));
        Assert.True(distance < 1e-2, $"float32 against its finite difference: {distance:G3}");
    }

    [Fact]
    public void ProductsAreTheSameBitsOnAnyNumberOfThreads()
    {
        var data = RandomData(200, 64, 10, 31, sparsity: 0.7);
        var model = RandomModel("mlp:96,64:gelu", 64, 10, 32);
        double[] v = RandomVector(model.ParameterCount, 33);
        double[] Product(int threads)
        {
            using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Threads = threads, BatchRows = 64 });
            var hv = new double[loss.Dimension];
            loss.Hessian(loss.Parameters()).Multiply(v, hv);
            return hv;
        }
        Assert.Equal(Product(1), Product(3));
    }

    [Fact]
    public void ALayerBlockIsTheRowsAndColumnsOfTheWholeForThatLayer()
    {
        var data = RandomData(40, 5, 3, 41);
        var model = RandomModel("mlp:6,4:tanh", 5, 3, 42);
        using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Precision = Precision.Float64 });
        double[] theta = loss.Parameters();
        var whole = loss.Hessian(theta);
        for (int layer = 1; layer <= 3; layer++)
        {
            var block = ParameterBlock.Layer(model, layer);
            var part = loss.Hessian(theta, block);
            int offset = block.Offset(model), n = block.Dimension(model);
            Assert.Equal(n, part.Dimension);
            double[] v = RandomVector(n, (ulong)layer);
            var embedded = new double[whole.Dimension];
            v.CopyTo(embedded, offset);
            var full = new double[whole.Dimension];
            var mine = new double[n];
            whole.Multiply(embedded, full);
            part.Multiply(v, mine);
            Assert.True(RelativeDistance(mine, full[offset..(offset + n)]) < 1e-13, $"layer {layer}");
        }
    }

    [Fact]
    public void TheFloat32GradientIsTheTrainingGraphS()
    {
        var data = RandomData(50, 30, 4, 51, sparsity: 0.75);
        var model = RandomModel("mlp:40:relu", 30, 4, 52);
        var graph = model.BuildGraph(data.Count, WorkerPool.Single);
        data.CopyRows(Enumerable.Range(0, data.Count).ToArray(), graph.Input.Value.Span, graph.Target.Value.Span);
        graph.Graph.Forward();
        graph.Graph.Backward(graph.Loss);
        double[] expected = model.Parameters.SelectMany(p => p.Gradient.ToArray().Select(g => (double)g)).ToArray();
        using var loss = new NetworkLoss(model, data);
        var gradient = new double[loss.Dimension];
        Assert.Equal(graph.Loss.Precise, loss.Gradient(loss.Parameters(), gradient), 12);
        Assert.True(RelativeDistance(gradient, expected) < 1e-6, $"{RelativeDistance(gradient, expected):G3}");
        var evaluation = loss.Evaluate(loss.Parameters());
        Assert.Equal(graph.Loss.Precise, evaluation.Loss, 12);
        Assert.InRange(evaluation.Accuracy!.Value, 0, 1);
    }

    [Theory]
    [InlineData(Precision.Float32)]
    [InlineData(Precision.Float64)]
    public void AWarmProductAllocatesNothing(Precision precision)
    {
        var data = RandomData(90, 40, 10, 61, sparsity: 0.8);
        var model = RandomModel("mlp:64,32:gelu", 40, 10, 62);
        using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Precision = precision, BatchRows = 32 });
        var hessian = loss.Hessian(loss.Parameters());
        double[] v = RandomVector(loss.Dimension, 63), hv = new double[loss.Dimension];
        hessian.Multiply(v, hv);
        // The fewest bytes of five products: an allocation each product makes shows in all five, while a one-time
        // allocation of the runtime's (a lock's wait state the first time the machine's load makes a thread block)
        // shows in one at most.
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            hessian.Multiply(v, hv);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, fewest);
    }

    /// <summary>
    /// The losses' own second-order rules, including those train does not pick (rss, mae, huber), against central
    /// differences of their gradients with respect to the predictions (float64, ε = 1e-6; residuals kept away from
    /// mae's and huber's kinks).
    /// </summary>
    [Theory]
    [InlineData("mse", 0)]
    [InlineData("rss", 0)]
    [InlineData("mae", 0)]
    [InlineData("huber:delta=0.7", 0)]
    [InlineData("bce", 0)]
    [InlineData("cross-entropy", 4)]
    public void LossCurvatureMatchesCentralDifferences(string name, int classes)
    {
        var loss = Loss.Parse(name);
        int rows = 6, columns = classes > 0 ? classes : 3;
        var random = new SeededRandom(71);
        double[] p = Enumerable.Range(0, rows * columns).Select(_ => 1.5 * random.NextGaussian()).ToArray();
        double[] t = classes > 0
            ? Enumerable.Range(0, rows).Select(i => (double)(i % classes)).ToArray()
            : Enumerable.Range(0, rows * columns).Select(i => name == "bce" ? i % 2 : p[i] + (i % 2 == 0 ? 1 : -1) * (0.2 + Math.Abs(random.NextGaussian()))).ToArray();
        double[] d = Enumerable.Range(0, rows * columns).Select(_ => random.NextGaussian()).ToArray();
        var hd = new double[p.Length];
        loss.HessianVector<double>(p, t, d, rows, columns, hd, 0.5);
        double[] Gradient(double step)
        {
            var g = new double[p.Length];
            loss.Evaluate<double>(p.Select((v, i) => v + step * d[i]).ToArray(), t, rows, columns, g, 0.5);
            return g;
        }
        const double epsilon = 1e-6;
        double[] up = Gradient(epsilon), down = Gradient(-epsilon);
        for (int i = 0; i < p.Length; i++)
            Assert.Equal((up[i] - down[i]) / (2 * epsilon), hd[i], 1e-8);
    }
}
