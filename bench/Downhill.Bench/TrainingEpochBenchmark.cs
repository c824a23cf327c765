using BenchmarkDotNet.Attributes;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Bench;

/// <summary>
/// One MNIST epoch of mlp:256,256 (relu), adam lr=1e-3, batch 128, on 2 threads: the speed target
/// (at most 0.8× PyTorch 1.13's epoch; compare with `-- training-vs-torch`, which runs both side by side).
/// </summary>
[MemoryDiagnoser]
public class TrainingEpochBenchmark
{
    private DataSplits _data = null!;

    [GlobalSetup]
    public void Setup() => _data = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0);

    [Benchmark]
    public double MnistEpochMlp256x256Adam() => TrainingVersusTorch.Epochs(_data, epochs: 1, threads: 2).Epochs[0].TrainLoss;
}
