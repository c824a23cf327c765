using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;
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

    /// <summary>Runs the command with the given streams (tests pass <see cref="StringWriter"/>s and may set a terminal <paramref name="width"/>).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, int? width = null)
    {
        var outcome = Execute(args, new Io(stdout, stderr, width: width));
        if (outcome.Problem is { } problem) stderr.WriteLine($"downhill: {problem.Describe()}");
        return outcome.ExitCode;
    }

    /// <summary>
    /// Parses <paramref name="args"/>, runs the subcommand they name against <paramref name="io"/>, and returns the
    /// exit code with the problem that ended it, if any, unprinted: the command line prints it on stderr, the
    /// playground server answers it as JSON.
    /// </summary>
    internal static CommandOutcome Execute(IReadOnlyList<string> args, Io io)
    {
        if (args.Count == 0)
        {
            Guide.Write(io.Out);
            return new CommandOutcome(Success, null);
        }
        var root = new RootCommand("downhill — a lab for gradient-based optimization");
        foreach (var command in Commands.All(io))
            root.Subcommands.Add(command);
        foreach (var version in root.Options.OfType<VersionOption>())
            version.Action = new PrintVersion(io.Out);

        ParseResult parsed = root.Parse(args);
        if (ParseProblems.Failed(parsed))
            return new CommandOutcome(BadInput, ParseProblems.Describe(parsed));
        try
        {
            // Help names the program by the file it runs from (Downhill.Cli, or a test host): it is downhill.
            var help = parsed.Action is HelpAction ? new StringWriter() : null;
            int code = parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = help ?? io.Out,
                Error = io.Error,
            });
            if (help is not null)
                io.Out.Write(Regex.Replace(help.ToString(), $@"(?m)^(  ){Regex.Escape(root.Name)}\b", "$1downhill"));
            return new CommandOutcome(code, null);
        }
        catch (InputException e)
        {
            return new CommandOutcome(BadInput, OptionNames.AsFlags(e));
        }
        catch (OutOfMemoryException)
        {
            // What asked for the memory was nearly always a size the user chose; the limits that apply are in the README.
            return new CommandOutcome(BadInput, new InputException("out of memory: the sizes asked for need more memory than this machine has; choose smaller ones"));
        }
        catch (Exception e)
        {
            return new CommandOutcome(InternalFault, new InputException($"internal error: {e.GetType().Name}: {e.Message}"));
        }
    }
}

/// <summary>Prints <see cref="ProductVersion"/>, as <c>about</c> does, for <c>--version</c>.</summary>
internal sealed class PrintVersion(TextWriter output) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        output.WriteLine(ProductVersion.Text);
        return Cli.Success;
    }
}

/// <summary>How a command ended: its exit code and, unless it succeeded, the problem in one line (with the bad text and its position where the input was text).</summary>
internal sealed record CommandOutcome(int ExitCode, InputException? Problem);

/// <summary>
/// The streams a command writes to, a Spectre console over standard output for tables, and the cancellation that
/// ends its runs early (the server's time budget; Ctrl+C is linked to it while a run goes).
/// </summary>
public sealed class Io
{
    /// <summary>The width of output that goes to no terminal (a pipe, a file, a test): wider than any table, so nothing folds.</summary>
    public const int UnlimitedWidth = 1 << 14;

    /// <summary>
    /// The command's streams; tables fit <paramref name="width"/> columns when given, else the terminal's width, or
    /// <see cref="UnlimitedWidth"/> where standard output is not a terminal.
    /// </summary>
    public Io(TextWriter stdout, TextWriter stderr, CancellationToken cancellation = default, int? width = null)
    {
        Out = stdout;
        Error = stderr;
        Cancellation = cancellation;
        bool isConsole = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = isConsole ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isConsole ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isConsole ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (width is { } columns)
            Console.Profile.Width = columns;
        else if (!isConsole)
            Console.Profile.Width = UnlimitedWidth;
    }

    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public IAnsiConsole Console { get; }

    /// <summary>Ends the command's runs early, each with the result it reached (stop reason "cancelled").</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Where --plot figures go: their files (the default), or the server's figure download.</summary>
    public IFigureOutput Figures { get; init; } = FigureFiles.Instance;
}

/// <summary>Where a command's figures are drawn to.</summary>
public interface IFigureOutput
{
    /// <summary>Draws <paramref name="figure"/> in the format <paramref name="path"/>'s extension names, PNGs at <paramref name="scale"/> pixels per CSS pixel.</summary>
    void Write(Plotting.Figure figure, string path, double scale);
}

/// <summary>Figures written to their files (atomically).</summary>
internal sealed class FigureFiles : IFigureOutput
{
    public static readonly FigureFiles Instance = new();

    public void Write(Plotting.Figure figure, string path, double scale) => Plotting.FigureFile.Write(figure, path, scale);
}
