using System.CommandLine;
using System.Globalization;
using Downhill.Learning;
using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Spectra;
using Downhill.Functions;
using Downhill.Learning.Models;
using Downhill.Plotting;

namespace Downhill.Cli;

/// <summary>
/// <c>downhill curvature</c>: the Hessian's extreme eigenvalues, trace and density, of a trained network's loss
/// (<c>-d DATA --weights FILE</c>, or trained here: <c>--train OPTIMIZER -m MODEL</c>) or of a typed function at a point (<c>-f F --at=…</c>), and what they mean. The
/// measuring is the library's (<see cref="NetworkCurvature"/>, <see cref="CurvatureAnalysis"/>); this parses,
/// shows progress and formats (<see cref="CurvatureOutput"/>).
/// </summary>
internal static class CurvatureCommand
{
    public static Command Create(Io io)
    {
        var network = new WeightsOptions();
        network.Data.Required = false;
        network.Weights.Required = false;
        var function = new Option<string?>("--function", "-f") { Description = "A typed function instead of a network: a catalog name or an expression" };
        var dimension = new Option<int?>("--dim") { Description = "Variables of an any-N catalog function (up to 10,000,000: its Hessian is applied, never formed)" };
        var at = new Option<string?>("--at") { Description = "The point for -f, comma-separated (one number for an any-N function: every coordinate)" };
        var top = new Option<int?>("--top") { Description = "How many of the largest eigenvalues (default 10 when nothing else is asked)", HelpName = "K" };
        var bottom = new Option<int?>("--bottom") { Description = "How many of the smallest, most negative eigenvalues", HelpName = "K" };
        var trace = new Option<bool>("--trace") { Description = "Estimate the trace (Hutchinson, with its standard error)" };
        var density = new Option<bool>("--density") { Description = "Estimate the eigenvalue density (stochastic Lanczos quadrature)" };
        var layer = new Option<int?>("--layer") { Description = "Only layer N's weights and bias (1-based): that block of the Hessian", HelpName = "N" };
        var batch = new Option<int?>("--batch") { Description = "A random batch of N rows instead of the whole split (cheaper; the spread of λmax over 5 batches is reported)", HelpName = "N" };
        var tolerance = new Option<double>("--tol") { Description = "Relative accuracy of each eigenvalue (its residual bound)", DefaultValueFactory = _ => 1e-3 };
        var probes = new Option<int>("--probes") { Description = "Probes of the trace (the density uses a tenth, at least 2)", DefaultValueFactory = _ => 30 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the probes, start vectors and batches (the data split is the one the weights were trained with)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "Threads for the products (results do not depend on it)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var json = new Option<bool>("--json") { Description = "Print {\"parameters\":n,\"top\":[…],\"bottom\":[…],\"trace\":{\"estimate\":…,\"stderr\":…},\"density\":{\"x\":[…],\"y\":[…]},…}" };
        var command = new Command("curvature", "Eigenvalues, trace and density of the Hessian of a trained network's loss, or of a function at a point.");
        network.AddTo(command);
        foreach (var option in new Option[] { function, dimension, at, top, bottom, trace, density, layer, batch, tolerance, probes, seed, threads, json })
            command.Options.Add(option);
        var plot = new PlotOption().AddTo(command);
        command.SetAction(parse =>
        {
            var figure = plot.Read(parse);
            bool asJson = parse.GetValue(json);
            int? topK = parse.GetValue(top), bottomK = parse.GetValue(bottom);
            if (topK is <= 0) throw new InputException($"{top.Name} must be a positive number of eigenvalues, not {topK}");
            if (bottomK is <= 0) throw new InputException($"{bottom.Name} must be a positive number of eigenvalues, not {bottomK}");
            bool wantTrace = parse.GetValue(trace), wantDensity = parse.GetValue(density);
            double tol = parse.GetValue(tolerance);
            if (!(tol > 0 && tol < 1)) throw new InputException($"{tolerance.Name} must be between 0 and 1, not {tol.ToString(CultureInfo.InvariantCulture)}");
            int probeCount = parse.GetValue(probes);
            if (probeCount < 2) throw new InputException($"{probes.Name} must be at least 2, not {probeCount}");
            var request = new CurvatureRequest
            {
                Top = topK ?? (bottomK is null && !wantTrace && !wantDensity ? 10 : 0),
                Bottom = bottomK ?? 0,
                Trace = wantTrace,
                TraceProbes = probeCount,
                Density = wantDensity,
                DensitySettings = new DensityOptions { Probes = Math.Max(2, probeCount / 10) },
                Lanczos = new LanczosOptions { Tolerance = tol },
                Seed = parse.GetValue(seed),
            };
            if (figure is not null && request.Top + request.Bottom == 0 && !request.Density)
                throw new InputException($"{plot.File.Name} draws the density or the eigenvalues: add --density, --top or --bottom");
            int threadCount = parse.GetValue(threads);
            if (threadCount is < 1 or > 256) throw new InputException($"{threads.Name} must be between 1 and 256, not {threadCount}");

            string? functionText = parse.GetValue(function);
            bool isNetwork = parse.GetValue(network.Weights) is not null || parse.GetValue(network.TrainWith) is not null;
            if (functionText is not null == isNetwork)
                throw new InputException("name a network (-d DATA with --weights FILE, or --train OPTIMIZER -m MODEL) or a function (-f F --at=…), one of the two");
            var output = new CurvatureOutput(io, asJson);
            using var cancel = new RunOptionsCancellation(io);
            if (functionText is not null)
            {
                if (parse.GetValue(network.Data) is not null) throw new InputException("-d/--data applies to a network, not to -f");
                var f = FunctionResolver.Resolve(functionText, parse.GetValue(dimension), maximumDimension: CatalogEntry.MatrixFreeMaximumDimension);
                int n = f.Dimension;
                CheckCount(request, n, top.Name, bottom.Name);
                double[] x = Point(parse.GetValue(at) ?? throw new InputException("-f needs the point: --at=x1,x2,…"), n, at.Name);
                var gradient = new double[n];
                double value = f.Objective.ValueAndGradient(x, gradient);
                double gradientNorm = Math.Sqrt(gradient.Sum(g => g * g));
                if (!double.IsFinite(value))
                {
                    output.WriteFunctionReason(f, x, value, $"f is {value.ToString(CultureInfo.InvariantCulture)} at this point: there is no curvature to measure");
                    return Cli.Success;
                }
                var report = CurvatureProgressBar.Run(io, !asJson, observer => CurvatureAnalysis.Analyze(FunctionHessian.At(f.Objective, x), request, observer, cancel.Token));
                output.WriteFunction(f, x, value, gradientNorm, report);
                figure?.Write(SpectrumFigure.Build($"Hessian of {f.Name} at ({Short(x)})", report), io, quiet: asJson);
                return Cli.Success;
            }
            if (parse.GetValue(network.Data) is null) throw new InputException("a network needs its data: -d DATA");
            var (model, _, rows, splitName, weights) = network.Network(parse, request.Seed, threadCount, cancel.Token);
            var options = new NetworkCurvatureOptions
            {
                Precision = network.ReadPrecision(parse),
                Threads = threadCount,
                BatchRows = parse.GetValue(batch) is { } b ? (b >= 1 ? b : throw new InputException($"{batch.Name} must be at least 1 row, not {b}")) : null,
                Layer = parse.GetValue(layer) is { } l
                    ? (l >= 1 && l <= model.Layers.Count ? l : throw new InputException($"{layer.Name}: the model has layers 1 to {model.Layers.Count}, not {l}"))
                    : null,
            };
            int dimensionOfBlock = options.Layer is { } one ? ParameterBlock.Layer(model, one).Dimension(model) : model.ParameterCount;
            CheckCount(request, dimensionOfBlock, top.Name, bottom.Name);
            var result = CurvatureProgressBar.Run(io, !asJson, observer => NetworkCurvature.Analyze(model, rows, request, options, observer, cancel.Token));
            output.WriteNetwork(weights, rows.Name, splitName, model, result);
            if (figure is not null && result.Curvature is { } curvature)
                figure.Write(SpectrumFigure.Build($"Hessian of {model.Spec} on {rows.Name} ({splitName})", curvature,
                    $"{result.Block}, {result.Rows:N0} rows, {result.Precision.ToString().ToLowerInvariant()}"), io, quiet: asJson);
            return Cli.Success;
        });
        return command;
    }

    /// <summary>K ≥ n asks for the whole spectrum: dense below the library's limit (and said so), refused above it.</summary>
    private static void CheckCount(CurvatureRequest request, int n, string topName, string bottomName)
    {
        if (request.IsDense(n) && n > request.DenseLimit)
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"{topName} and {bottomName} ask for {request.Top + request.Bottom:N0} eigenvalues of {n:N0}: the whole spectrum is computed (densely) only up to {request.DenseLimit:N0} parameters; ask for fewer"));
    }

    private static double[] Point(string text, int n, string option)
    {
        double[] x = CliValues.ParseVector(text, option);
        return x.Length == 1 && n > 1 ? Enumerable.Repeat(x[0], n).ToArray() : CliValues.RequireDimension(x, n, option);
    }

    private static string Short(double[] x) =>
        x.Length <= 4 ? string.Join(", ", x.Select(v => v.ToString("G4", CultureInfo.InvariantCulture))) : $"{x[0].ToString("G4", CultureInfo.InvariantCulture)}, …";
}
