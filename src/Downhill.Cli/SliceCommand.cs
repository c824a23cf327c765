using System.CommandLine;
using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Slices;
using Downhill.Learning;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Plotting;
using Downhill.Running;

namespace Downhill.Cli;

/// <summary>
/// <c>downhill landscape</c>: a slice of a trained network's loss, along two random filter-normalized directions (Li
/// et al. 2018), the Hessian's top eigenvectors, or the straight line from the initial weights (<c>--from</c>), on the
/// split's rows and the test rows, drawn as contours, a surface or curves. The weights are a file (<c>--weights</c>) or
/// trained in place (<c>--train</c>, as the tour's lesson 12 does; what the playground's /api/landscape asks). The slicing is the library's
/// (<see cref="LossSlices"/>); this parses, shows progress and formats (<see cref="SliceOutput"/>).
/// </summary>
internal static class SliceCommand
{
    public static Command Create(Io io)
    {
        var network = new WeightsOptions();
        network.Weights.Required = false;
        var from = new Option<string?>("--from") { Description = "Initial weights (train --save-initial): the slice is the straight line from them to --weights", HelpName = "INIT.safetensors" };
        var directions = new Option<string>("--directions") { Description = "random (filter-normalized, Li et al. 2018) or eigen (the Hessian's top eigenvectors)", DefaultValueFactory = _ => "random" };
        var eigenvector = new Option<string?>("--eigenvector")
        {
            Description = "Which eigenvector an eigen slice runs along: top:K, the K-th largest eigenvalue's (top:1 by default), or bottom:K, the K-th smallest's (most negative first); a plane takes it and the next from the same end. Implies --directions eigen",
            HelpName = "top:K|bottom:K",
        };
        var axes = new Option<int>("--axes") { Description = "2 (a plane: contours or a surface) or 1 (a curve along the first direction)", DefaultValueFactory = _ => 2 };
        var grid = new Option<int>("--grid") { Description = "Points along each axis (odd: one falls on the trained weights)", DefaultValueFactory = _ => 41 };
        var span = new Option<double>("--span") { Description = "The slice reaches α, β ∈ [−SPAN, SPAN]; a line from --from runs α ∈ [−SPAN/2, 1 + SPAN/2]", DefaultValueFactory = _ => 1 };
        var rows = new Option<int?>("--rows") { Description = "A random N rows of the split (and at most N test rows) instead of all: cheaper, each point one pass over them", HelpName = "N" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random directions, the rows and Lanczos's start", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads for each pass (results do not depend on it)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print {\"directions\":…,\"x\":[…],\"y\":[…],\"train\":{\"loss\":[[…]],\"accuracy\":[[…]]},\"test\":{…},…}" };
        var command = new Command("landscape", "A slice of a trained network's loss: random filter-normalized or eigenvector directions, or the line from the initial weights.");
        network.AddTo(command);
        foreach (var option in new Option[] { from, directions, eigenvector, axes, grid, span, rows, seed, threads, json })
            command.Options.Add(option);
        var plot = new PlotOption().AddTo(command, kinds: "contour (filled contours of the loss) or surface (3-D); a one-axis slice is drawn as curves");
        command.SetAction(parse =>
        {
            var figure = plot.Read(parse);
            string kind = parse.GetValue(plot.Kind)!;
            if (kind is not ("auto" or "contour" or "surface")) throw new InputException($"{plot.Kind.Name}: expected contour or surface, not '{kind}'");
            bool asJson = parse.GetValue(json);
            int threadCount = parse.GetValue(threads);
            if (threadCount is < 1 or > 256) throw new InputException($"{threads.Name} must be between 1 and 256, not {threadCount}");
            using var cancel = new RunOptionsCancellation(io);
            ulong seedValue = parse.GetValue(seed);
            var (model, splits, split, splitName, weights) = network.Network(parse, seedValue, threadCount, cancel.Token);
            var direction = parse.GetValue(directions) switch
            {
                "random" => SliceDirections.Random,
                "eigen" => SliceDirections.Eigen,
                var other => throw new InputException($"{directions.Name}: expected random or eigen, not '{other}'"),
            };
            double[]? start = null;
            if (parse.GetValue(from) is { } initialPath)
            {
                if (parse.GetResult(directions) is { Implicit: false }) throw new InputException($"{from.Name} slices along the line from its weights; {directions.Name} does not apply");
                var initial = ModelFile.Load(initialPath, model).Model;
                start = initial.Parameters.SelectMany(p => p.Value.ToArray()).Select(v => (double)v).ToArray();
                direction = SliceDirections.Line;
            }
            var (end, rank) = (SpectrumEnd.Largest, 1);
            if (parse.GetValue(eigenvector) is { } choice)
            {
                (end, rank) = ParseEigenvector(choice, eigenvector.Name);
                if (parse.GetResult(directions) is not { Implicit: false } && direction != SliceDirections.Line) direction = SliceDirections.Eigen;
            }
            var request = new SliceRequest
            {
                Directions = direction,
                Axes = direction == SliceDirections.Line ? 1 : parse.GetValue(axes),
                Points = parse.GetValue(grid),
                Span = parse.GetValue(span),
                Start = start,
                Seed = seedValue,
                EigenRank = rank,
                EigenEnd = end,
            };
            request.Validate(model.ParameterCount);
            var options = new NetworkLossOptions
            {
                Precision = network.ReadPrecision(parse),
                Threads = threadCount,
            };
            var heldOut = splitName == "train" ? splits.Test : null;
            if (parse.GetValue(rows) is { } n)
            {
                if (n < 1) throw new InputException($"{rows.Name} must be at least 1, not {n}");
                split = Sample(split, n, request.Seed);
                heldOut = heldOut is null ? null : Sample(heldOut, n, request.Seed + 1);
            }
            var slice = CurvatureProgressBar.Run(io, !asJson, observer => LossSlices.Take(model, split, heldOut, request, options, observer, cancel.Token));
            new SliceOutput(io, asJson).Write(weights, splitName, model, options.Precision, slice);
            figure?.Write(SliceFigure.Build($"Loss of {model.Spec} on {split.Name}", slice,
                $"{Describe(slice)}, {slice.Primary.Rows:N0} rows, {(options.Precision == Precision.Float64 ? "float64" : "float32")}", surface: kind == "surface"), io, quiet: asJson);
            return Cli.Success;
        });
        return command;
    }

    /// <summary>What the axes are, in a few words.</summary>
    public static string Describe(LossSlice slice) => slice.Directions switch
    {
        SliceDirections.Line => "along the line from the initial to the trained weights",
        SliceDirections.Eigen when slice.AlongTopEigenvectors => slice.Y is null ? "along the Hessian's top eigenvector" : "along the Hessian's top two eigenvectors",
        SliceDirections.Eigen => $"along the Hessian's {slice.EigenvectorWords()}",
        _ => slice.Y is null ? "along a random filter-normalized direction" : "along two random filter-normalized directions",
    };

    /// <summary>top:K or bottom:K: the end of the spectrum and the rank counted from it (the library checks K ≥ 1).</summary>
    private static (SpectrumEnd End, int Rank) ParseEigenvector(string text, string flag)
    {
        string[] parts = text.Split(':');
        SpectrumEnd? end = parts[0] switch { "top" => SpectrumEnd.Largest, "bottom" => SpectrumEnd.Smallest, _ => null };
        if (parts.Length != 2 || end is null || !int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int rank))
            throw new InputException($"{flag}: expected top:K or bottom:K (K = 1, 2, …), not '{text}'");
        return (end.Value, rank);
    }

    /// <summary>A seeded random <paramref name="count"/> rows of <paramref name="data"/> (all of them when it has no more).</summary>
    private static Dataset Sample(Dataset data, int count, ulong seed)
    {
        if (count >= data.Count) return data;
        int[] order = Enumerable.Range(0, data.Count).ToArray();
        new SeededRandom(seed ^ 0x5A3F1EUL).Shuffle(order);
        return data.Subset(order.AsSpan(0, count), $"{data.Name} ({count:N0} random rows)");
    }
}
