using System.CommandLine;
using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Cli;

/// <summary><c>downhill compare -f F [-o SPEC …] [run options]</c>: several methods from the same start, side by side.</summary>
internal static class CompareCommand
{
    /// <summary>The course's optimizers, used when no -o is given.</summary>
    public static readonly string[] DefaultSet = ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "bfgs", "lbfgs", "newton"];

    public static Command Create(Io io)
    {
        var command = new Command("compare", "Race several optimizers from the same start.");
        var function = new FunctionOptions();
        function.AddTo(command);
        var optimizers = new Option<string[]>("--optimizer", "-o")
        {
            Description = $"a method to compare (repeat -o); default: {string.Join(", ", DefaultSet)}",
            AllowMultipleArgumentsPerToken = false,
        }.OfferingMethods();
        command.Options.Add(optimizers);
        var run = new RunOptionsBinder();
        run.AddTo(command);
        var plot = new PlotOption().AddTo(command, kinds: PlotOption.RunKinds);
        command.SetAction(parseResult =>
        {
            var figure = plot.Read(parseResult);
            var figureKind = Plotting.RunFigures.ParseKind(parseResult.GetValue(plot.Kind)!);
            var resolved = function.Resolve(parseResult);
            string[] specs = parseResult.GetValue(optimizers) is { Length: > 0 } given ? given : DefaultSet;
            var methods = specs.Select(Methods.Parse).ToArray();
            if (figure is not null) Plotting.RunFigures.Check(figureKind, resolved.Dimension, methods.Length);
            using var cancellation = new RunOptionsCancellation(io);
            var setup = run.Bind(parseResult, resolved, cancellation.Token);
            // Each method's code is compiled on its first run: a few iterations of each first, so that the timed runs
            // measure the methods and not the compiler (else the first of the race pays for the code all share).
            var warmUp = setup.Options with { Stopping = setup.Options.Stopping.With(new Stopping.MaxIterations(3)), Observer = null };
            foreach (var method in methods) Minimizer.Run(resolved.Objective, setup.Start, method, warmUp);
            var results = new List<RunResult>();
            foreach (var method in methods.Select(setup.Prepare))
            {
                var result = Minimizer.Run(resolved.Objective, setup.Start, method, setup.OptionsFor(method));
                result = Analysis.ExactMinimum.Measure(result, resolved.Objective, setup.KnownMinima);
                results.Add(result with { Diagnostics = Analysis.RunDiagnostics.Diagnose(result, resolved.Objective) });
                if (cancellation.Token.IsCancellationRequested) break;
            }
            RunReport.Emit(io, resolved, setup, results, single: false);
            figure?.Write(Plotting.RunFigures.Build(resolved, results, figureKind), io, quiet: setup.Json);
            return Cli.Success;
        });
        return command;
    }
}
