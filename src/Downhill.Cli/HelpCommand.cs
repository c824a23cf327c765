using System.CommandLine;

namespace Downhill.Cli;

/// <summary><c>downhill help [COMMAND…]</c>: the same help as <c>downhill [COMMAND…] --help</c>.</summary>
internal static class HelpCommand
{
    public static Command Create(Io io)
    {
        var path = new Argument<string[]>("COMMAND") { Description = "The command (and subcommand) to explain; none: every command", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show how to use downhill, or one of its commands.") { path };
        command.SetAction(result =>
        {
            var outcome = Cli.Execute([.. result.GetValue(path) ?? [], "--help"], io);
            if (outcome.Problem is not null) throw outcome.Problem;
            return outcome.ExitCode;
        });
        return command;
    }
}
