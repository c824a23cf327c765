using System.Diagnostics;
using Downhill.Learning.Autodiff;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Tensors;
using Downhill.Numerics;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Bench;

/// <summary>
/// `-- training-profile [threads]`: where the time of one MNIST training step (mlp:256,256, batch 128) goes —
/// forward, backward, optimizer — averaged over 200 steps (wall time: run it on a quiet machine).
/// </summary>
public static class TrainingStepProfile
{
    public static int Run(string[] args)
    {
        int threads = args.Length > 1 ? int.Parse(args[1]) : 2;
        var data = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0);
        var model = Model.Create("mlp:256,256", 784, 10);
        model.Initialize(Initializer.He, new Downhill.Running.SeededRandom(1));
        using var pool = new WorkerPool(threads);
        var g = model.BuildGraph(128, pool);
        FirstOrderOptimizers.TryCreate(Spec.Parse("adam:lr=1e-3"), out var adam);
        var states = model.Parameters.Select(p => adam!.CreateState<float>(p.Length)).ToArray();
        int[] rows = Enumerable.Range(0, 128).ToArray();
        var forward = new Stopwatch();
        var backward = new Stopwatch();
        var step = new Stopwatch();
        for (int s = 0; s < 220; s++)
        {
            if (s == 20) { forward.Reset(); backward.Reset(); step.Reset(); }
            for (int i = 0; i < 128; i++) rows[i] = (s * 128 + i) % data.Train.Count;
            data.Train.CopyRows(rows, g.Input.Value.Span, g.Target.Value.Span);
            forward.Start(); g.Graph.Forward(); forward.Stop();
            backward.Start(); g.Graph.Backward(g.Loss); backward.Stop();
            step.Start();
            for (int p = 0; p < states.Length; p++) states[p].Step(model.Parameters[p].Value.Span, model.Parameters[p].Gradient.Span, 1e-3);
            step.Stop();
        }
        double perEpoch = 469 / 200.0;
        Console.WriteLine($"per epoch (469 steps), {threads} threads: forward {forward.Elapsed.TotalSeconds * perEpoch:0.000} s, backward {backward.Elapsed.TotalSeconds * perEpoch:0.000} s, adam {step.Elapsed.TotalSeconds * perEpoch:0.000} s");
        return 0;
    }
}
