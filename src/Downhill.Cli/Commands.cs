using System.CommandLine;

namespace Downhill.Cli;

/// <summary>Every subcommand, in the order `downhill --help` lists them. One line per command.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All(Io io)
    {
        yield return VersionCommand.Create(io);
        yield return FunctionsCommand.Create(io);
        yield return OptimizersCommand.Create(io);
        yield return EvalCommand.Create(io);
        yield return DeriveCommand.Create(io);
        yield return MinimizeCommand.Create(io);
        yield return CompareCommand.Create(io);
        yield return RestartsCommand.Create(io);
        yield return CriticalCommand.Create(io);
        yield return BasinsCommand.Create(io);
        yield return SweepCommand.Create(io);
        yield return TuneCommand.Create(io);
        yield return StudyCommand.Create(io);
        yield return ExperimentCommand.Create(io);
        yield return PlotCommand.Create(io);
        yield return TrainCommand.Create(io);
        yield return CurvatureCommand.Create(io);
        yield return SliceCommand.Create(io);
        yield return TourCommand.Create(io);
        yield return Serve.ServeCommand.Create(io);
        yield return HelpCommand.Create(io);
    }
}
