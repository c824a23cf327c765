using System.CommandLine;
using Downhill.Learning;
using Downhill.IO;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Cli;

/// <summary>
/// The options that name a trained network and its data, shared by <c>curvature</c> and <c>landscape</c>: <c>-d</c>,
/// <c>--label</c>, <c>--data-dir</c>, <c>-m</c> (optional: the file names its model) and <c>--weights FILE</c> (a
/// safetensors file from <c>train --save</c>, or any with the same tensors). The data are split as the weights were
/// trained (the seed and validation fraction the file records) and standardized as the file says. <c>landscape</c> may
/// instead train the weights in place (<see cref="Train"/>).
/// </summary>
internal sealed class WeightsOptions
{
    public Option<string> Data { get; } = new("--data", "-d") { Description = $"Data set: {string.Join(", ", DatasetCatalog.Names)}, or a CSV file", Required = true };
    public Option<string?> Label { get; } = new("--label") { Description = "Target column of a CSV file (name or 0-based index; default: the last)" };
    public Option<string?> DataDirectory { get; } = DataDirectoryOption.Create();
    public Option<string?> Model { get; } = new("--model", "-m") { Description = "The model the weights are for (checked against the file, which names it; needed only for a file without Downhill's metadata)" };
    public Option<string> Weights { get; } = new("--weights") { Description = "The trained weights: a .safetensors file written by `train --save`", Required = true, HelpName = "FILE" };
    public Option<string> Split { get; } = new("--split") { Description = "Which rows: train (the rows trained on), test, or all", DefaultValueFactory = _ => "train" };
    public Option<string> Precision { get; } = new("--precision") { Description = "float32 (as training runs) or float64 (to check)", DefaultValueFactory = _ => "float32" };

    /// <summary>Instead of --weights: the optimizer that trains -m here (<see cref="Train"/>).</summary>
    public Option<string?> TrainWith { get; } = new("--train")
    {
        Description = "Instead of --weights: train -m here from its initial weights (drawn by --seed, which also splits the data) with this optimizer, one full-batch step per epoch, for --steps steps; nothing is written",
        HelpName = "OPTIMIZER",
    };

    /// <summary>Full-batch steps of --train.</summary>
    public Option<int> Steps { get; } = new("--steps") { Description = "Full-batch steps of --train (0: the initial weights)", DefaultValueFactory = _ => 100 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Data, Label, DataDirectory, Model, Weights, TrainWith, Steps, Split, Precision }) command.Options.Add(option);
    }

    /// <summary>
    /// The network --weights loads or --train trains (one of the two), the data split as it was trained, the rows
    /// --split names, and what the weights are (the file, or how they were trained).
    /// </summary>
    public (Model Model, DataSplits Splits, Dataset Rows, string SplitName, string Weights) Network(ParseResult parse, ulong seed, int threads, CancellationToken cancel)
    {
        string? path = parse.GetValue(Weights), optimizer = parse.GetValue(TrainWith);
        if (path is null == optimizer is null)
            throw new InputException($"name the trained weights ({Weights.Name} FILE) or train them here ({TrainWith.Name} OPTIMIZER -m MODEL), one of the two");
        if (optimizer is null && parse.GetResult(Steps) is { Implicit: false }) throw new InputException($"{Steps.Name} applies to {TrainWith.Name}");
        if (path is not null)
        {
            var (saved, splits, rows, split) = Load(parse, path);
            return (saved.Model, splits, rows, split, path);
        }
        var trained = Train(parse, optimizer!, parse.GetValue(Steps), seed, threads, cancel);
        return (trained.Model, trained.Splits, trained.Rows, trained.SplitName, $"trained here: {optimizer}, {trained.Steps} full-batch steps, seed {seed}");
    }

    /// <summary>The arithmetic <c>--precision</c> names.</summary>
    public Curvature.Precision ReadPrecision(ParseResult parse) => parse.GetValue(Precision) switch
    {
        "float32" => Curvature.Precision.Float32,
        "float64" => Curvature.Precision.Float64,
        var other => throw new InputException($"{Precision.Name}: expected float32 or float64, not '{other}'"),
    };

    /// <summary>The trained model (weights loaded), the data split as in training, and the rows <c>--split</c> names.</summary>
    public (SavedModel Saved, DataSplits Splits, Dataset Rows, string SplitName) Load(ParseResult parse, string path)
    {
        string split = ReadSplit(parse);
        var content = SafeTensorsFile.Read(path);
        var provenance = ModelFile.Provenance(content, path);
        var splits = DatasetCatalog.Load(parse.GetValue(Data)!, new DataLocator(parse.GetValue(DataDirectory)), provenance.Validation,
            provenance.Seed, parse.GetValue(Label), standardize: false);
        if (provenance.Standardization is { } standardizer)
        {
            if (standardizer.Mean.Count != splits.Train.FeatureCount)
                throw new InputException($"'{path}' standardizes {standardizer.Mean.Count} features; {splits.Train.Name} has {splits.Train.FeatureCount}");
            splits = splits.Standardized(standardizer);
        }
        var train = splits.Train;
        Model? expected = parse.GetValue(Model) is { } spec ? Learning.Models.Model.Create(spec, train.FeatureCount, train.ClassCount, train.TargetWidth) : null;
        var saved = ModelFile.Load(content, path, expected);
        var model = saved.Model;
        if (model.Inputs != train.FeatureCount)
            throw new InputException($"the model in '{path}' takes {model.Inputs} features; {train.Name} has {train.FeatureCount}");
        if (model.Loss.Classifies != train.IsClassification || (train.IsClassification && model.Loss.TakesClassIndices && model.Outputs != train.ClassCount))
            throw new InputException($"the model in '{path}' ({ModelFile.Describe(model)}) does not fit {train}");
        return (saved, splits, Rows(splits, split), split);
    }

    /// <summary>
    /// The model <c>-m</c> names, trained here: from its initial weights drawn by <paramref name="seed"/>, by
    /// <paramref name="optimizer"/> on the whole training split (the data split by the same seed, no validation rows),
    /// one full-batch step per epoch for <paramref name="steps"/> steps (none: the initial weights), as the tour's lesson 12
    /// trains. Nothing is written.
    /// Cancelled, it stops early: <c>Steps</c> is how many it took.
    /// </summary>
    private (Model Model, DataSplits Splits, Dataset Rows, string SplitName, int Steps) Train(ParseResult parse, string optimizer, int steps, ulong seed, int threads,
        CancellationToken cancel)
    {
        string split = ReadSplit(parse);
        string spec = parse.GetValue(Model) ?? throw new InputException($"{TrainWith.Name} needs the model to train: -m MODEL (e.g. -m mlp:5)");
        if (steps < 0) throw new InputException($"{Steps.Name} must be at least 0, not {steps}");
        var optimizerSpec = Spec.Parse(optimizer, "optimizer");
        if (!FirstOrderOptimizers.TryCreate(optimizerSpec, out var firstOrder) || firstOrder is null)
            throw new InputException($"{TrainWith.Name}: unknown optimizer '{optimizerSpec.Name}'; valid: {string.Join(", ", FirstOrderOptimizers.Names)}", optimizerSpec.Text, 0);
        var splits = DatasetCatalog.Load(parse.GetValue(Data)!, new DataLocator(parse.GetValue(DataDirectory)), 0, seed, parse.GetValue(Label));
        var train = splits.Train;
        var model = Learning.Models.Model.Create(spec, train.FeatureCount, train.ClassCount, train.TargetWidth);
        var options = new TrainingOptions { Stopping = TrainingOptions.StopAfter(Math.Max(1, steps)), BatchSize = train.Count, Seed = seed, Threads = threads };
        using var trainer = new Trainer(model, firstOrder, options);
        // No steps: the initial weights, drawn as training would draw them.
        if (steps == 0) trainer.Initialize();
        int taken = steps == 0 ? 0 : trainer.Fit(splits, cancel: cancel).Epochs.Count;
        return (model, splits, Rows(splits, split), split, taken);
    }

    private string ReadSplit(ParseResult parse)
    {
        string split = parse.GetValue(Split)!;
        return split is "train" or "test" or "all" ? split : throw new InputException($"{Split.Name}: expected train, test or all, not '{split}'");
    }

    private static Dataset Rows(DataSplits splits, string split) => split switch
    {
        "train" => splits.Train,
        "test" => splits.Test,
        _ => Dataset.Concatenate($"{splits.Train.Name} (all rows)", [splits.Train, .. splits.Validation is { } v ? [v] : Array.Empty<Dataset>(), splits.Test]),
    };
}
