using BenchmarkDotNet.Attributes;
using Downhill.Curvature.Networks;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Bench;

/// <summary>
/// One exact Hessian-vector product of the MNIST MLP 784-256-256-10 (269,322 parameters, torch's default init, seed 0)
/// on the first 1,000 training rows, 2 threads, float32, beside one training gradient (forward and backward of the
/// training graph) on the same rows. The target: the product at most 2.5× the gradient, and at most 0.5×
/// PyTorch 1.13's double-backward product (`-- hessian-vs-torch` runs both side by side).
/// </summary>
[MemoryDiagnoser]
public class HessianVectorBenchmark
{
    private const int Rows = 1000, Threads = 2;
    private WorkerPool _pool = null!;
    private ModelGraph _graph = null!;
    private NetworkLoss _loss = null!;
    private NetworkHessian _hessian = null!;
    private double[] _v = null!, _hv = null!;

    [GlobalSetup]
    public void Setup()
    {
        var train = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0).Train;
        var data = train.Subset(Enumerable.Range(0, Rows).ToArray(), "mnist (first 1,000 rows)");
        var model = Model.Create("mlp:256,256", 784, 10);
        model.Initialize(Initializer.Torch, new SeededRandom(0));
        _pool = new WorkerPool(Threads);
        _graph = model.BuildGraph(Rows, _pool);
        data.CopyRows(Enumerable.Range(0, Rows).ToArray(), _graph.Input.Value.Span, _graph.Target.Value.Span);
        _loss = new NetworkLoss(model, data, new NetworkLossOptions { Threads = Threads, BatchRows = Rows });
        _hessian = _loss.Hessian(_loss.Parameters());
        var random = new SeededRandom(1);
        _v = Enumerable.Range(0, _loss.Dimension).Select(_ => random.NextGaussian()).ToArray();
        _hv = new double[_loss.Dimension];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _loss.Dispose();
        _pool.Dispose();
    }

    [Benchmark(Baseline = true)]
    public float TrainingGradient()
    {
        _graph.Graph.Forward();
        _graph.Graph.Backward(_graph.Loss);
        return _graph.Loss.Value.Span[0];
    }

    [Benchmark]
    public double HessianVectorProduct()
    {
        _hessian.Multiply(_v, _hv);
        return _hv[0];
    }
}
