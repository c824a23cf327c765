using System.CommandLine;

namespace Downhill.Cli;

internal static class VersionCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("about", "What Downhill is and which version this is.");
        command.SetAction(_ =>
        {
            io.Out.WriteLine($"Downhill {ProductVersion.Text} — gradient-based optimization, run and measured.");
            return Cli.Success;
        });
        return command;
    }
}
