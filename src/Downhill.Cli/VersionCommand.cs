using System.CommandLine;
using System.Reflection;

namespace Downhill.Cli;

internal static class VersionCommand
{
    public static Command Create(Io io)
    {
        var command = new Command("about", "What Downhill is and which version this is.");
        command.SetAction(_ =>
        {
            var version = typeof(Downhill.InputException).Assembly.GetName().Version;
            io.Out.WriteLine($"Downhill {version} — gradient-based optimization, run and measured.");
            return Cli.Success;
        });
        return command;
    }
}
