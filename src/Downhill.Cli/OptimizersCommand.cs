using Downhill.Specs;
using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Downhill.Optimizers;

namespace Downhill.Cli;

/// <summary><c>downhill optimizers</c>: every method and its hyperparameters, as declared (defaults, ranges, meanings).</summary>
internal static class OptimizersCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("optimizers", "Every method -o takes, with each hyperparameter's default, valid range and meaning.");
        var name = new Argument<string?>("name") { Description = "show this method only", Arity = ArgumentArity.ZeroOrOne };
        var json = new Option<bool>("--json") { Description = "print the declarations: [{\"name\":…,\"summary\":…,\"hyperparameters\":[{\"name\":…,\"kind\":…,\"default\":…,\"min\":…,\"max\":…,…}]}]" };
        command.Arguments.Add(name);
        command.Options.Add(json);
        command.SetAction(result =>
        {
            var methods = result.GetValue(name) is { } wanted
                ? [Methods.Find(wanted) ?? throw new InputException($"unknown optimizer '{wanted}'; valid: {string.Join(", ", Methods.NearestFirst(wanted))}")]
                : Methods.Declarations;
            if (result.GetValue(json))
            {
                var declarations = methods.Select(m => new { name = m.Name, summary = m.Summary, hyperparameters = m.Hyperparameters });
                io.Out.WriteLine(JsonSerializer.Serialize(declarations, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return Cli.Success;
            }
            foreach (var method in methods)
            {
                io.Out.WriteLine($"{method.Name}: {method.Summary}");
                foreach (var h in method.Hyperparameters)
                {
                    string scale = h.Scale == HyperparameterScale.Log ? ", log scale" : "";
                    io.Out.WriteLine($"  {new Hyperparameter(h.Name, h.Default),-28} {h.Meaning}; {h.RangeText}{scale}");
                }
            }
            return Cli.Success;
        });
        return command;
    }
}
