using System.Diagnostics;
using System.Globalization;
using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Slices;
using Downhill.Curvature.Spectra;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Downhill.Bench -- curvature-speed [rows] [threads] [grid]`: the two
/// whole-task targets on the MNIST MLP 784-256-256-10 (269,322 parameters) after one epoch of Adam (lr 0.001, batch
/// 128, seed 0): the top 10 eigenvalues on the first <c>rows</c> test rows (default 10,000) to 1e-3 relative (target
/// ≤ 30 s on 2 cores), and a <c>grid</c>×<c>grid</c> filter-normalized slice on the same rows (default 41; target ≤ 60 s).
/// Each is timed once, in wall and CPU time of all threads; check `uptime` first and state the load beside the figures.
/// </summary>
public static class CurvatureSpeed
{
    public static int Run(string[] args)
    {
        int rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        int threads = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        int grid = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 41;
        var splits = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0);
        var model = Model.Create("mlp:256,256", 784, 10);
        FirstOrderOptimizers.TryCreate(Spec.Parse("adam:lr=0.001", "optimizer"), out var adam);
        using (var trainer = new Trainer(model, adam!, new TrainingOptions { Stopping = TrainingOptions.StopAfter(1), BatchSize = 128, Threads = threads }))
            trainer.Fit(splits);
        var data = splits.Test.Subset(Enumerable.Range(0, Math.Min(rows, splits.Test.Count)).ToArray(), "mnist test rows");
        var options = new NetworkLossOptions { Threads = threads };

        var (top, topTime) = Time(() =>
        {
            using var loss = new NetworkLoss(model, data, options);
            return Lanczos.Extremes(loss.Hessian(loss.Parameters()), 10, 0, new LanczosOptions { Tolerance = 1e-3 });
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"top 10 eigenvalues, {data.Count:N0} rows, {threads} threads: {topTime} ({top.Products} products; {top.Completion}; λ1 = {top.Top[0].Value:G5})   (target ≤ 30 s)"));
        var (slice, sliceTime) = Time(() => LossSlices.Take(model, data, null, new SliceRequest { Points = grid }, options));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{grid}×{grid} slice, {data.Count:N0} rows, {threads} threads: {sliceTime} ({slice.Evaluated:N0} points)   (target ≤ 60 s)"));
        return 0;
    }

    private static (T Result, string Time) Time<T>(Func<T> work)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        long start = Stopwatch.GetTimestamp();
        var result = work();
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        process.Refresh();
        double used = (process.TotalProcessorTime - cpu).TotalSeconds;
        return (result, string.Create(CultureInfo.InvariantCulture, $"{wall:0.0} s wall, {used:0.0} s CPU"));
    }
}
