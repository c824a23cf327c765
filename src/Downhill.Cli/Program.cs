namespace Downhill.Cli;

/// <summary>The entry point: the command with the process's streams.</summary>
internal static class Program
{
    private static int Main(string[] args) => Cli.Run(args, Console.Out, Console.Error);
}
