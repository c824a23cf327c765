using System.CommandLine;
using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Cli;

/// <summary><c>downhill minimize -f F [-o SPEC] [run options]</c>: one method from one start, reported in full.</summary>
internal static class MinimizeCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("minimize", "Minimize a function with one optimizer and report the run.");
        var function = new FunctionOptions();
        function.AddTo(command);
        var optimizer = new Option<string>("--optimizer", "-o")
        {
            Description = $"the method, name[:key=value,…]: {string.Join(", ", Methods.Names)}",
            DefaultValueFactory = _ => "adam",
        };
        command.Options.Add(optimizer);
        var run = new RunOptionsBinder();
        run.AddTo(command);
        command.SetAction(parseResult =>
        {
            var resolved = function.Resolve(parseResult);
            var method = Methods.Parse(parseResult.GetValue(optimizer)!);
            using var cancellation = new RunOptionsCancellation();
            var setup = run.Bind(parseResult, resolved, cancellation.Token);
            var result = Minimizer.Run(resolved.Objective, setup.Start, method, setup.Options);
            RunReport.Emit(io, resolved, setup, [result], single: true);
            return Cli.Success;
        });
        return command;
    }
}
