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
/// `dotnet run -c Release --project bench/Downhill.Bench -- training-vs-torch [epochs] [threads] [passive]`: the same MNIST
/// training (mlp:256,256 relu, adam lr=1e-3, batch 128) by Downhill and by PyTorch (tools/reference/train_torch.py,
/// run with /usr/bin/python3 and OPENBLAS_CORETYPE unset), each timing its own epochs without data loading; prints
/// both and the ratio of their median epochs, in wall time and in CPU time (all threads). On a busy machine the wall
/// times say little (OpenMP's spinning threads suffer most from oversubscription: `passive` sets
/// OMP_WAIT_POLICY=PASSIVE for the peer, so its threads sleep instead of spinning); CPU time is the steadier measure.
/// </summary>
public static class TrainingVersusTorch
{
    public static TrainingResult Epochs(DataSplits data, int epochs, int threads, ITrainingObserver? observer = null)
    {
        var model = Model.Create("mlp:256,256", data.Train.FeatureCount, data.Train.ClassCount);
        FirstOrderOptimizers.TryCreate(Spec.Parse("adam:lr=1e-3"), out var adam);
        using var trainer = new Trainer(model, adam!, new TrainingOptions { Epochs = epochs, BatchSize = 128, Threads = threads });
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

        public void OnEpoch(EpochRecord record)
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
        var data = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0);
        var cpu = new CpuClock();
        var ours = Epochs(data, epochs, threads, cpu);
        double[] downhill = ours.Epochs.Select(e => e.Seconds).ToArray();
        double[] downhillCpu = cpu.Seconds.ToArray();
        Console.WriteLine($"downhill: epochs {Format(downhill)} s (CPU {Format(downhillCpu)} s), test accuracy {ours.Test.Accuracy:P2}");

        string script = Path.Combine(RepositoryRoot(), "tools", "reference", "train_torch.py");
        var start = new ProcessStartInfo("/usr/bin/python3", [script, "--epochs", $"{epochs}", "--threads", $"{threads}"])
        {
            RedirectStandardOutput = true,
        };
        start.Environment.Remove("OPENBLAS_CORETYPE");
        if (args.Length > 3 && args[3] == "passive") start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var python = Process.Start(start)!;
        string output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode != 0)
        {
            Console.WriteLine($"torch run failed (exit {python.ExitCode})");
            return 1;
        }
        using var json = JsonDocument.Parse(output);
        double[] torch = json.RootElement.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("seconds").GetDouble()).ToArray();
        double[] torchCpu = json.RootElement.GetProperty("epochs").EnumerateArray().Select(e => e.GetProperty("cpuSeconds").GetDouble()).ToArray();
        Console.WriteLine($"torch {json.RootElement.GetProperty("torch").GetString()}: epochs {Format(torch)} s (CPU {Format(torchCpu)} s), test accuracy {json.RootElement.GetProperty("test").GetProperty("accuracy").GetDouble():P2}");
        Console.WriteLine($"median epoch, wall: downhill {Median(downhill):0.000} s, torch {Median(torch):0.000} s, ratio {Median(downhill) / Median(torch):0.00} (target ≤ 0.80)");
        Console.WriteLine($"median epoch, CPU:  downhill {Median(downhillCpu):0.000} s, torch {Median(torchCpu):0.000} s, ratio {Median(downhillCpu) / Median(torchCpu):0.00}");
        return 0;
    }

    private static string Format(double[] seconds) => string.Join(", ", seconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)));

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Downhill.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("run from inside the Downhill checkout");
    }
}
