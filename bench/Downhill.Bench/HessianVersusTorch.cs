using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Downhill.Curvature.Networks;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Running;

namespace Downhill.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Downhill.Bench -- hessian-vs-torch [rows] [threads] [rounds] [reps]`: one
/// Hessian-vector product of the MNIST MLP 784-256-256-10 (269,322 parameters) on the first <c>rows</c> training rows
/// (default 1,000), by Downhill (forward-over-reverse, float32) and by PyTorch 1.13 (double backward,
/// bench/Downhill.Bench/HessianVectorTorch.py), beside one gradient of each on the same rows. Rounds alternate the
/// two, so a change in the host's load falls on both; each figure is a median over <c>reps</c> calls after a warm-up,
/// in wall time and in CPU time of all threads. The targets: H·v ≤ 2.5× one gradient (Downhill's training
/// gradient), and ≤ 0.5× torch's H·v.
/// </summary>
public static class HessianVersusTorch
{
    private sealed record Timing(double Wall, double Cpu);

    public static int Run(string[] args)
    {
        int rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        int rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 3;
        int reps = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20;
        var train = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0).Train;
        var data = train.Subset(Enumerable.Range(0, rows).ToArray(), "mnist (first rows)");
        var model = Model.Create("mlp:256,256", 784, 10);
        model.Initialize(Initializer.Torch, new SeededRandom(0));
        var ours = new List<(Timing Gradient, Timing Product)>();
        var theirs = new List<(Timing Gradient, Timing Product, Timing Retained)>();
        for (int round = 1; round <= rounds; round++)
        {
            var (gradient, product) = Downhill(model, data, threads, reps);
            ours.Add((gradient, product));
            Console.WriteLine($"round {round} downhill: gradient {Format(gradient)}, H·v {Format(product)}");
            if (Torch(rows, threads, reps) is not { } peer) return 1;
            theirs.Add(peer);
            Console.WriteLine($"round {round} torch:    gradient {Format(peer.Gradient)}, H·v {Format(peer.Product)}, H·v on a retained graph {Format(peer.Retained)}");
        }
        Timing Median(IEnumerable<Timing> timings) => new(SideBySide.Median(timings.Select(t => t.Wall)), SideBySide.Median(timings.Select(t => t.Cpu)));
        var (g, h) = (Median(ours.Select(o => o.Gradient)), Median(ours.Select(o => o.Product)));
        var (tg, th, tr) = (Median(theirs.Select(t => t.Gradient)), Median(theirs.Select(t => t.Product)), Median(theirs.Select(t => t.Retained)));
        Console.WriteLine($"median over rounds, {rows} rows, {threads} threads (wall; CPU):");
        Console.WriteLine($"  downhill H·v / downhill gradient: {h.Wall / g.Wall:0.00}; {h.Cpu / g.Cpu:0.00}   (target ≤ 2.5)");
        Console.WriteLine($"  downhill H·v / torch H·v:         {h.Wall / th.Wall:0.00}; {h.Cpu / th.Cpu:0.00}   (target ≤ 0.5)");
        Console.WriteLine($"  downhill H·v / torch retained:    {h.Wall / tr.Wall:0.00}; {h.Cpu / tr.Cpu:0.00}");
        Console.WriteLine($"  torch H·v / torch gradient:       {th.Wall / tg.Wall:0.00}; {th.Cpu / tg.Cpu:0.00}");
        return 0;
    }

    /// <summary>The training graph's gradient (forward and backward) and one whole H·v, each timed over reps calls.</summary>
    private static (Timing Gradient, Timing Product) Downhill(Model model, Dataset data, int threads, int reps)
    {
        using var pool = new WorkerPool(threads);
        var graph = model.BuildGraph(data.Count, pool);
        data.CopyRows(Enumerable.Range(0, data.Count).ToArray(), graph.Input.Value.Span, graph.Target.Value.Span);
        var gradient = Time(() => { graph.Graph.Forward(); graph.Graph.Backward(graph.Loss); }, reps);
        using var loss = new NetworkLoss(model, data, new NetworkLossOptions { Threads = threads, BatchRows = data.Count });
        var hessian = loss.Hessian(loss.Parameters());
        var random = new SeededRandom(1);
        double[] v = Enumerable.Range(0, loss.Dimension).Select(_ => random.NextGaussian()).ToArray(), hv = new double[loss.Dimension];
        var product = Time(() => hessian.Multiply(v, hv), reps);
        return (gradient, product);
    }

    private static Timing Time(Action action, int reps)
    {
        action();
        var process = Process.GetCurrentProcess();
        List<double> walls = [], cpus = [];
        for (int r = 0; r < reps; r++)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            action();
            walls.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
            process.Refresh();
            cpus.Add((process.TotalProcessorTime - cpu).TotalSeconds);
        }
        return new Timing(SideBySide.Median(walls), SideBySide.Median(cpus));
    }

    private static (Timing Gradient, Timing Product, Timing Retained)? Torch(int rows, int threads, int reps)
    {
        using var json = SideBySide.RunPython("bench/Downhill.Bench/HessianVectorTorch.py",
            ["--rows", $"{rows}", "--threads", $"{threads}", "--reps", $"{reps}"]);
        if (json is null) return null;
        Timing Read(string name) => new(json.RootElement.GetProperty(name).GetProperty("wall").GetDouble(),
            json.RootElement.GetProperty(name).GetProperty("cpu").GetDouble());
        return (Read("gradient"), Read("hvp"), Read("hvp_retained"));
    }

    private static string Format(Timing t) => string.Create(CultureInfo.InvariantCulture, $"{t.Wall * 1e3:0.0} ms (CPU {t.Cpu * 1e3:0.0} ms)");
}
