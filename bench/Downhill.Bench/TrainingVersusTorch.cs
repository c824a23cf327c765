using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Downhill.Bench -- training-vs-torch [epochs] [threads] [rounds] [passive]`: the same MNIST
/// training (mlp:256,256 relu, adam lr=1e-3, batch 128) by Downhill and by PyTorch (tools/reference/train_torch.py,
/// run with /usr/bin/python3 and OPENBLAS_CORETYPE unset), each timing its own epochs without data loading; prints
/// both and the ratio of their median epochs, in wall time and in CPU time (all threads), and of their best epochs; with
/// several rounds the two alternate, so a change in the host's load falls on both. Each run's first epoch (warm-up) is left out. On a busy machine the wall
/// times say little (OpenMP's spinning threads suffer most from oversubscription: `passive` sets
/// OMP_WAIT_POLICY=PASSIVE for the peer, so its threads sleep instead of spinning); CPU time is the steadier measure.
/// </summary>
public static class TrainingVersusTorch
{
    public static TrainingResult Epochs(DataSplits data, int epochs, int threads, ITrainingObserver? observer = null)
    {
        var model = Model.Create("mlp:256,256", data.Train.FeatureCount, data.Train.ClassCount);
        FirstOrderOptimizers.TryCreate(Spec.Parse("adam:lr=1e-3"), out var adam);
        using var trainer = new Trainer(model, adam!, new TrainingOptions { Stopping = TrainingOptions.StopAfter(epochs), BatchSize = 128, Threads = threads });
        return trainer.Fit(data, observer);
    }

    /// <summary>CPU time of the whole process per epoch.</summary>
    private sealed class CpuClock : ITrainingObserver
    {
        private readonly Process _process = Process.GetCurrentProcess();
        private TimeSpan _last;
        public List<double> Seconds { get; } = [];

        public CpuClock() => _last = Now();

        private TimeSpan Now()
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }

        public void OnBatch(int epoch, int batch, int batches, double loss, double? accuracy, double samplesPerSecond) { }

        public void OnIteration(EpochRecord record)
        {
            var now = Now();
            Seconds.Add((now - _last).TotalSeconds);
            _last = now;
        }
    }

    public static int Run(string[] args)
    {
        int epochs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
        bool passive = args.Length > 4 && args[4] == "passive";
        var data = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0);
        List<double> downhill = [], downhillCpu = [], torch = [], torchCpu = [];
        // Alternate the two so a change in the host's load falls on both; each run's first epoch (warm-up) is left out.
        for (int round = 1; round <= rounds; round++)
        {
            var cpu = new CpuClock();
            var ours = Epochs(data, epochs, threads, cpu);
            double[] wall = ours.Epochs.Select(e => e.Seconds).ToArray();
            Console.WriteLine($"round {round} downhill: epochs {Format(wall)} s (CPU {Format(cpu.Seconds)} s), test accuracy {ours.Test.Accuracy:P2}");
            downhill.AddRange(wall.Skip(1));
            downhillCpu.AddRange(cpu.Seconds.Skip(1));
            if (RunTorch(epochs, threads, passive) is not { } peer) return 1;
            Console.WriteLine($"round {round} torch {peer.Version}: epochs {Format(peer.Wall)} s (CPU {Format(peer.Cpu)} s), test accuracy {peer.Accuracy:P2}");
            torch.AddRange(peer.Wall.Skip(1));
            torchCpu.AddRange(peer.Cpu.Skip(1));
        }
        Console.WriteLine($"median epoch, wall: downhill {SideBySide.Median(downhill):0.000} s, torch {SideBySide.Median(torch):0.000} s, ratio {SideBySide.Median(downhill) / SideBySide.Median(torch):0.00} (target ≤ 0.80)");
        Console.WriteLine($"median epoch, CPU:  downhill {SideBySide.Median(downhillCpu):0.000} s, torch {SideBySide.Median(torchCpu):0.000} s, ratio {SideBySide.Median(downhillCpu) / SideBySide.Median(torchCpu):0.00}");
        Console.WriteLine($"best epoch, wall:   downhill {downhill.Min():0.000} s, torch {torch.Min():0.000} s, ratio {downhill.Min() / torch.Min():0.00}");
        return 0;
    }

    private sealed record PeerRun(string Version, double[] Wall, double[] Cpu, double Accuracy);

    private static PeerRun? RunTorch(int epochs, int threads, bool passive)
    {
        using var json = SideBySide.RunPython("tools/reference/train_torch.py", ["--epochs", $"{epochs}", "--threads", $"{threads}"], passive);
        if (json is null) return null;
        var root = json.RootElement;
        double[] Epochs(string name) => root.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty(name).GetDouble()).ToArray();
        return new PeerRun(root.GetProperty("torch").GetString()!, Epochs("seconds"), Epochs("cpuSeconds"),
            root.GetProperty("test").GetProperty("accuracy").GetDouble());
    }

    private static string Format(IEnumerable<double> seconds) => string.Join(", ", seconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)));
}
