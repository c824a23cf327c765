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
            if (setup.TracePath is not null) TraceFile.Write(setup.TracePath, [result], resolved.Objective.Variables);
            if (setup.Json)
            {
                io.Out.WriteLine(RunResultJson.ToJson(result));
            }
            else
            {
                RunReport.Heading(io.Console, resolved, setup);
                RunReport.Full(io.Console, result);
            }
            return Cli.Success;
        });
        return command;
    }
}
