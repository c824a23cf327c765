namespace Downhill.Tests.Cli;

/// <summary>Runs the downhill command in-process and captures what it writes.</summary>
public static class CliHarness
{
    public sealed record Outcome(int ExitCode, string Out, string Error);

    public static Outcome Run(params string[] args) => RunAt(null, args);

    /// <summary>Runs the command as in a terminal <paramref name="width"/> columns wide (null: as into a pipe).</summary>
    public static Outcome RunAt(int? width, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Downhill.Cli.Cli.Run(args, stdout, stderr, width);
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }
}
