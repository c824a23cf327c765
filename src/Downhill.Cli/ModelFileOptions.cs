using System.CommandLine;
using Downhill.Learning;
using Downhill.IO;
using Downhill.Learning.Models;
using Downhill.Learning.Training;

namespace Downhill.Cli;

/// <summary>
/// <c>train</c>'s <c>--save FILE</c> (the trained model as safetensors under PyTorch's nn.Sequential names, with its
/// standardization and spec) and <c>--load FILE</c> (start from a saved model's weights: the same network, the data
/// standardized as the file says).
/// </summary>
internal sealed class ModelFileOptions
{
    public Option<string?> SaveTo { get; } = new("--save")
    {
        Description = "Write the trained model to FILE (.safetensors: float32 tensors 0.weight, 0.bias, 2.weight, … as PyTorch's nn.Sequential names them, input.mean and input.std, the model in the metadata)",
        HelpName = "FILE",
    };

    public Option<string?> SaveInitialTo { get; } = new("--save-initial")
    {
        Description = "Also write the weights training starts from to FILE (.safetensors, as --save): `landscape --from FILE` draws the line from them to the trained weights",
        HelpName = "FILE",
    };

    public Option<string?> LoadFrom { get; } = new("--load")
    {
        Description = "Start from the weights in FILE (.safetensors from --save; the model must be the same, and the data are standardized as the file says)",
        HelpName = "FILE",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(SaveTo);
        command.Options.Add(SaveInitialTo);
        command.Options.Add(LoadFrom);
    }

    /// <summary>Refuses, before any work, a --save or --save-initial path that cannot be written.</summary>
    public void CheckSave(ParseResult parse)
    {
        foreach (var option in new[] { SaveTo, SaveInitialTo })
        {
            if (parse.GetValue(option) is not { } path) continue;
            string full = Path.GetFullPath(path);
            if (Directory.Exists(full)) throw new InputException($"{option.Name}: '{path}' is a folder; name a file in it");
            if (!Directory.Exists(Path.GetDirectoryName(full))) throw new InputException($"{option.Name}: the folder '{Path.GetDirectoryName(full)}' does not exist");
        }
    }

    /// <summary>The --load file, read and checked as safetensors, with its provenance; null without --load.</summary>
    public (SafeTensorsContent Content, ModelProvenance Provenance, string Path)? ReadLoad(ParseResult parse)
    {
        if (parse.GetValue(LoadFrom) is not { } path) return null;
        var content = SafeTensorsFile.Read(path);
        return (content, ModelFile.Provenance(content, path), path);
    }

    /// <summary>The model of the --load file, which must be <paramref name="expected"/>'s network, with its weights.</summary>
    public static Model Load((SafeTensorsContent Content, ModelProvenance Provenance, string Path) start, Model expected) =>
        ModelFile.Load(start.Content, start.Path, expected).Model;

    /// <summary>Writes the weights <paramref name="trainer"/> starts from where --save-initial says (nothing without it).</summary>
    public void SaveInitial(ParseResult parse, Trainer trainer, Model model, ModelProvenance provenance, TextWriter? report)
    {
        if (parse.GetValue(SaveInitialTo) is not { } path) return;
        trainer.Initialize();
        ModelFile.Save(path, model, provenance);
        report?.WriteLine($"wrote {path}");
    }

    /// <summary>Writes the model where --save says (nothing without it), and says so on <paramref name="report"/>.</summary>
    public void Save(ParseResult parse, Model model, ModelProvenance provenance, TextWriter? report)
    {
        if (parse.GetValue(SaveTo) is not { } path) return;
        ModelFile.Save(path, model, provenance);
        report?.WriteLine($"wrote {path}");
    }
}
