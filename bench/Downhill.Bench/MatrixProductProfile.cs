using System.Diagnostics;
using Downhill.Learning.Data;
using Downhill.Learning.Tensors;
using Downhill.Numerics;

namespace Downhill.Bench;

/// <summary>
/// `-- matmul-profile [threads]`: multiply-adds per second of the three dense products of an MNIST MLP's 256×256
/// layer at batch 128 — forward X·W, input gradient dY·Wᵀ, weight gradient Xᵀ·dY — best of thirty 40 ms rounds
/// (wall time: run it on a quiet machine). The kernel's speed in isolation, beside the whole epoch of training-vs-torch.
/// </summary>
public static class MatrixProductProfile
{
    public static int Run(string[] args)
    {
        int threads = args.Length > 1 ? int.Parse(args[1]) : 1;
        using var pool = new WorkerPool(threads);
        var random = new Random(1);
        // Tensors, as in training: aligned storage.
        Memory<float> Fill(int size)
        {
            var tensor = new Tensor(size);
            foreach (ref float v in tensor.Span) v = (float)random.NextDouble() - 0.5f;
            return tensor.Memory;
        }
        const int batch = 128, width = 256;
        Memory<float> x = Fill(batch * width), w = Fill(width * width), dy = Fill(batch * width), c = Fill(width * width);
        var product = new MatrixProduct();
        Measure("forward  X·W    ", () => product.Compute(pool, x, false, w, false, c, batch, width, width, false));
        Measure("input    dY·Wᵀ  ", () => product.Compute(pool, dy, false, w, true, c, batch, width, width, false));
        Measure("weights  Xᵀ·dY  ", () => product.Compute(pool, x, true, dy, false, c, width, batch, width, false));

        // The first layer's products over a real batch of MNIST pixels (about 19% nonzero): dense and sparse.
        const int pixels = 784;
        var mnist = DatasetCatalog.Load("mnist", new DataLocator(), 0, seed: 0).Train;
        Memory<float> images = Fill(batch * pixels), w1 = Fill(pixels * width), dw1 = Fill(pixels * width);
        mnist.CopyRows(Enumerable.Range(0, batch).Select(i => i * 37).ToArray(), images.Span, new float[batch]);
        var sparse = new SparseMatrix();
        sparse.TryIndex(images.Span, batch, pixels);
        Console.WriteLine($"MNIST batch: {sparse.NonZeros / (double)(batch * pixels):P1} nonzero");
        Measure1("pixels X·W1 dense ", () => product.Compute(pool, images, false, w1, false, c, batch, pixels, width, false), batch * pixels);
        Measure1("pixels X·W1 sparse", () => { sparse.TryIndex(images.Span, batch, pixels); sparse.Multiply(pool, w1, c, width, false); }, batch * pixels);
        Memory<float> w1Off = Fill(pixels * width + 4)[4..], dyOff = Fill(batch * width + 4)[4..];
        Measure1("pixels X·W1 sparse, B off 16 B", () => { sparse.TryIndex(images.Span, batch, pixels); sparse.Multiply(pool, w1Off, c, width, false); }, batch * pixels);
        Measure1("pixels Xᵀ·dY sparse, B off 16 B", () => sparse.MultiplyTransposed(pool, dyOff, dw1, width, false), batch * pixels);
        Measure1("pixels index only ", () => sparse.TryIndex(images.Span, batch, pixels), batch * pixels);
        Measure1("pixels Xᵀ·dY dense ", () => product.Compute(pool, images, true, dy, false, dw1, pixels, batch, width, false), batch * pixels);
        Measure1("pixels Xᵀ·dY sparse", () => sparse.MultiplyTransposed(pool, dy, dw1, width, false), batch * pixels);
        return 0;

        void Measure1(string name, Action run, int inner) => Measure(name, run, (double)inner * width);

        static void Measure(string name, Action run, double macs = (double)batch * width * width)
        {
            double best = double.MaxValue;
            for (int round = 0; round < 30; round++)
            {
                int calls = 0;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed.TotalSeconds < 0.04) { run(); calls++; }
                best = Math.Min(best, clock.Elapsed.TotalSeconds / calls);
            }
            Console.WriteLine($"{name} {best * 1e6,8:0.0} µs  {macs / best / 1e9,6:0.0} GMAC/s");
        }
    }
}
