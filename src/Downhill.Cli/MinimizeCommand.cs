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
        }.OfferingMethods();
        command.Options.Add(optimizer);
        var run = new RunOptionsBinder();
        run.AddTo(command);
        var plot = new PlotOption().AddTo(command, kinds: PlotOption.RunKinds);
        command.SetAction(parseResult =>
        {
            var figure = plot.Read(parseResult);
            var figureKind = Plotting.RunFigures.ParseKind(parseResult.GetValue(plot.Kind)!);
            var resolved = function.Resolve(parseResult);
            if (figure is not null) Plotting.RunFigures.Check(figureKind, resolved.Dimension, 1);
            var method = Methods.Parse(parseResult.GetValue(optimizer)!);
            using var cancellation = new RunOptionsCancellation(io);
            var setup = run.Bind(parseResult, resolved, cancellation.Token);
            method = setup.Prepare(method);
            var result = Minimizer.Run(resolved.Objective, setup.Start, method, setup.OptionsFor(method));
            result = Analysis.ExactMinimum.Measure(result, resolved.Objective, setup.KnownMinima);
            result = result with { Diagnostics = Analysis.RunDiagnostics.Diagnose(result, resolved.Objective) };
            RunReport.Emit(io, resolved, setup, [result], single: true);
            figure?.Write(Plotting.RunFigures.Build(resolved, [result], figureKind), io, quiet: setup.Json);
            return Cli.Success;
        });
        return command;
    }
}
