using System.CommandLine;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary>
/// The <c>downhill</c> command: parses, dispatches to a subcommand, and maps outcomes to exit codes —
/// 0 success, 2 bad input or usage (parse errors included), 1 internal fault. No stack trace ever reaches a user.
/// </summary>
public static class Cli
{
    public const int Success = 0;
    public const int InternalFault = 1;
    public const int BadInput = 2;

    /// <summary>Runs the command with the given streams (tests pass <see cref="StringWriter"/>s).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var io = new Io(stdout, stderr);
        var root = new RootCommand("downhill — a lab for gradient-based optimization");
        foreach (var command in Commands.All(io))
            root.Subcommands.Add(command);

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // "Required command was not provided" is noise beside the error that names the bad token.
            var error = parsed.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal))
                        ?? parsed.Errors[0];
            stderr.WriteLine($"downhill: {error.Message}");
            return BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = stdout,
                Error = stderr,
            });
        }
        catch (InputException e)
        {
            stderr.WriteLine($"downhill: {e.Describe()}");
            return BadInput;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"downhill: internal error: {e.GetType().Name}: {e.Message}");
            return InternalFault;
        }
    }
}

/// <summary>The streams a command writes to, and a Spectre console over standard output for tables.</summary>
public sealed class Io
{
    public Io(TextWriter stdout, TextWriter stderr)
    {
        Out = stdout;
        Error = stderr;
        bool isConsole = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = isConsole ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isConsole ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isConsole)
            Console.Profile.Width = 160;
    }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public IAnsiConsole Console { get; }
}
