using System.CommandLine;
using System.Globalization;
using Downhill.Curvature.Networks;
using Downhill.Learning;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;
using Downhill.Stopping;

namespace Downhill.Cli;

/// <summary>
/// <c>downhill train</c>: fits a model to a data set with a first-order optimizer, reporting each epoch's training
/// and validation loss and accuracy, and the test metrics at the end. The training itself is the library's
/// <see cref="Trainer"/>; this command parses, shows progress and formats.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(Io io)
    {
        var data = new Option<string>("--data", "-d") { Description = $"Data set: {string.Join(", ", DatasetCatalog.Names)}, or a CSV file", Required = true }.OfferingDataSets();
        var model = new Option<string>("--model", "-m") { Description = "Model: linear, logistic, softmax, or mlp:W1,W2,…[:relu|leaky-relu|tanh|sigmoid|gelu]", Required = true };
        var optimizer = new Option<string>("--optimizer", "-o") { Description = "Optimizer spec, e.g. adam:lr=1e-3 or sgd:lr=0.1,momentum=0.9", DefaultValueFactory = _ => "adam" }.OfferingFirstOrderMethods();
        var epochs = new Option<int>("--epochs", "-e") { Description = "Passes over the training data", DefaultValueFactory = _ => 5 };
        var batch = new Option<int>("--batch", "-b") { Description = "Minibatch size (1: stochastic gradient descent; the training set's size: gradient descent)", DefaultValueFactory = _ => 32 };
        var val = new Option<double>("--val") { Description = "Fraction of the training rows held out for validation", DefaultValueFactory = _ => 0 };
        var seed = SeedOption.Create("Seed of weights, splits and data order");
        var threads = new Option<int>("--threads") { Description = "Threads for matrix products (results do not depend on it)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: constant, step:step_size=S[,gamma=G], exponential:gamma=G, cosine:T_max=T[,eta_min=E], linear[:start_factor=F,total_iters=N], plateau[:factor=F,patience=P]", DefaultValueFactory = _ => "constant" };
        var init = new Option<string?>("--init") { Description = "Weight initialization: torch (PyTorch's nn.Linear default: weights and biases U(±1/√fan_in)), gaussian[:std=S], xavier, he (default: torch)" };
        var patience = new Option<int?>("--patience") { Description = "Stop after this many epochs without a better validation loss" };
        var minDelta = new Option<double>("--min-delta") { Description = "Improvement that counts for --patience", DefaultValueFactory = _ => 0 };
        var target = new Option<double?>("--target") { Description = "Stop once the validation (or training) loss is at or below this" };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Stop after the epoch that passes this many seconds" };
        var json = new Option<bool>("--json") { Description = "Write the epochs and test metrics as JSON" };
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Folder for a checkpoint written after every epoch" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in --checkpoint, exactly" };
        var dataDir = DataDirectoryOption.Create();
        var label = new Option<string?>("--label") { Description = "Target column of a CSV file (name or 0-based index; default: the last)" };
        var standardize = new Option<bool>("--standardize") { Description = "Centre and scale each feature with the training split's mean and deviation (the tables always are; image pixels otherwise go in as [0, 1])" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the outcome (test metrics, why it stopped, warnings): no header, epoch lines or progress bar" };
        var leastSquares = new Option<bool>("--least-squares") { Description = "For a linear model: also solve least squares in closed form and report the difference" };
        var files = new ModelFileOptions();
        var curvatureEvery = new Option<int?>("--curvature-every")
        {
            Description = "Every N epochs, the Hessian's largest and most negative eigenvalue on the training rows (Lanczos): in the epoch table, the JSON and the --plot figure beside 2/lr",
            HelpName = "N",
        };

        var command = new Command("train", "Train a model on a data set with a first-order optimizer.")
        {
            data, model, optimizer, epochs, batch, val, seed, threads, schedule, init, patience, minDelta, target, timeLimit,
            json, checkpoint, resume, dataDir, label, standardize, leastSquares, quiet,
        };
        files.AddTo(command);
        var clipping = new ClippingOptions();
        clipping.AddTo(command);
        command.Options.Add(curvatureEvery);
        var plot = new PlotOption().AddTo(command);
        command.SetAction(parse =>
        {
            var figure = plot.Read(parse);
            var optimizerSpec = Spec.Parse(parse.GetValue(optimizer)!, "optimizer");
            if (!FirstOrderOptimizers.TryCreate(optimizerSpec, out var firstOrder))
                throw new InputException($"unknown optimizer '{optimizerSpec.Name}'; valid: {string.Join(", ", FirstOrderOptimizers.Names)}", optimizerSpec.Text, 0);
            var options = new TrainingOptions
            {
                Stopping = TrainingRules(parse.GetValue(epochs), parse.GetValue(patience), parse.GetValue(minDelta), parse.GetValue(target),
                    parse.GetValue(timeLimit)),
                BatchSize = parse.GetValue(batch),
                Seed = (ulong)parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                Schedule = parse.GetValue(schedule)!,
                Initializer = parse.GetValue(init) is { } i ? Initializer.Parse(i) : null,
                CheckpointDirectory = parse.GetValue(checkpoint),
                Resume = parse.GetValue(resume),
                Clipping = clipping.Read(parse),
            };
            options.Validate();
            if (options.CheckpointDirectory is { } folder) OutputPaths.CheckFolderToFill(folder, checkpoint.Name);
            LearningRateSchedule.Parse(options.Schedule);
            double validation = parse.GetValue(val);
            if (!(validation >= 0 && validation < 1)) throw new InputException($"--val must be in [0, 1), not {validation.ToString(CultureInfo.InvariantCulture)}");
            files.CheckSave(parse);
            var start = files.ReadLoad(parse);
            var splits = DatasetCatalog.Load(parse.GetValue(data)!, new DataLocator(parse.GetValue(dataDir)), validation, options.Seed, parse.GetValue(label),
                start is null ? (parse.GetValue(standardize) ? true : null) : false);
            if (start?.Provenance.Standardization is { } standardizer) splits = splits.Standardized(standardizer);
            var net = Model.Create(parse.GetValue(model)!, splits.Train.FeatureCount, splits.Train.ClassCount, splits.Train.TargetWidth);
            if (start is not null)
            {
                net = ModelFileOptions.Load(start.Value, net);
                options = options with { StartingWeights = net.Parameters.Select(p => p.Value.ToArray()).ToList() };
            }
            bool wantLeastSquares = parse.GetValue(leastSquares);
            if (wantLeastSquares && (net.Layers.Count != 1 || splits.Train.IsClassification))
                throw new InputException("--least-squares compares a linear model on a regression data set");
            bool asJson = parse.GetValue(json);

            using var curvature = parse.GetValue(curvatureEvery) is { } every
                ? new TrainingCurvature(net, splits.Train, every, new NetworkLossOptions { Threads = options.Threads })
                : null;
            var report = new TrainReport(io, splits, net, firstOrder!, options) { Curvature = curvature };
            bool showProgress = !asJson && !parse.GetValue(quiet);
            if (showProgress) report.WriteHeader();
            TrainingResult result;
            var provenance = new ModelProvenance(splits.Standardization, parse.GetValue(data)!, options.Seed, validation);
            using (var trainer = new Trainer(net, firstOrder!, options))
            using (var cancel = new RunOptionsCancellation(io))
            {
                files.SaveInitial(parse, trainer, net, provenance, asJson ? null : io.Out);
                result = TrainProgress.Run(io, report, showBar: showProgress, observer => trainer.Fit(splits, curvature?.Around(observer) ?? observer, cancel.Token));
            }
            var comparison = wantLeastSquares ? LeastSquaresComparison.Compare(net, splits.Train) : null;
            files.Save(parse, net, provenance, asJson ? null : io.Out);
            if (asJson) report.WriteJson(result, comparison);
            else
            {
                if (showProgress) report.WriteLastEpoch(result);
                report.WriteSummary(result, comparison);
            }
            figure?.Write(Plotting.LearningCurveFigure.Build(result, splits.Train.Name, curvature?.Measurements), io, quiet: asJson);
            return Cli.Success;
        });
        return command;
    }

    /// <summary>The stopping rules of <c>--epochs</c>, <c>--patience</c> with <c>--min-delta</c>, <c>--target</c> and <c>--time-limit</c>.</summary>
    internal static StoppingRules TrainingRules(int epochs, int? patience, double minDelta, double? target, double? timeLimit)
    {
        // Checked even without --patience, which alone uses it: a NaN is never accepted silently.
        if (!(minDelta >= 0))
            throw new InputException($"--min-delta must be 0 or a positive number, not {minDelta.ToString(CultureInfo.InvariantCulture)}");
        var rules = TrainingOptions.StopAfter(epochs);
        if (patience is { } n) rules = rules.With(new Patience(n, minDelta));
        if (target is { } value) rules = rules.With(new Target(value));
        if (timeLimit is { } seconds) rules = rules.With(new TimeLimit(seconds));
        return rules;
    }
}
