using System.CommandLine;
using Downhill.Learning;
using Downhill.IO;
using Downhill.Learning.Data;
using Downhill.Learning.Models;

namespace Downhill.Cli;

/// <summary>
/// The options that name a trained network and its data, shared by <c>curvature</c> and <c>landscape</c>: <c>-d</c>,
/// <c>--label</c>, <c>--data-dir</c>, <c>-m</c> (optional: the file names its model) and <c>--weights FILE</c> (a
/// safetensors file from <c>train --save</c>, or any with the same tensors). The data are split as the weights were
/// trained (the seed and validation fraction the file records) and standardized as the file says.
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

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Data, Label, DataDirectory, Model, Weights, Split, Precision }) command.Options.Add(option);
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
        string split = parse.GetValue(Split)!;
        if (split is not ("train" or "test" or "all")) throw new InputException($"{Split.Name}: expected train, test or all, not '{split}'");
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
        var rows = split switch
        {
            "train" => train,
            "test" => splits.Test,
            _ => Dataset.Concatenate($"{train.Name} (all rows)", [train, .. splits.Validation is { } v ? [v] : Array.Empty<Dataset>(), splits.Test]),
        };
        return (saved, splits, rows, split);
    }
}
