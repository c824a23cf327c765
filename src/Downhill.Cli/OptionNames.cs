namespace Downhill.Cli;

/// <summary>
/// The one map from the library's parameter names to this command's options. The library's errors name parameters
/// ("epochs must be at least 1, not 0"); before a message is shown, each parameter it names is written as the flag
/// the user typed ("--epochs must be at least 1, not 0").
/// </summary>
internal static class OptionNames
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["axes"] = "--axes",
        ["batch size"] = "--batch",
        ["bounds"] = "--bounds",
        ["checkpoint directory"] = "--checkpoint",
        ["curvature-every"] = "--curvature-every",
        ["dimension"] = "--dim",
        ["eigenvalue tolerance"] = "--eig-tol",
        ["eigenvector"] = "--eigenvector",
        ["epochs"] = "--epochs",
        ["f-tol"] = "--f-tol",
        ["figure kind"] = "--kind",
        ["grad-tol"] = "--grad-tol",
        ["functions per dimension"] = "--functions",
        ["grace period"] = "--grace",
        ["grid"] = "--grid",
        ["grid size"] = "--grid",
        ["heartbeat"] = "--heartbeat",
        ["initial weights"] = "--from",
        ["initializer"] = "--init",
        ["keep"] = "--keep",
        ["learning rates"] = "--lr",
        ["lessons"] = "--only",
        ["max-iter"] = "--max-iter",
        ["patience"] = "--patience",
        ["plot kind"] = "--plot-kind",
        ["pruning"] = "--prune",
        ["range"] = "--range",
        ["resume"] = "--resume",
        ["retries"] = "--retries",
        ["rounds"] = "--rounds",
        ["span"] = "--span",
        ["starts"] = "--starts",
        ["study file"] = "--storage",
        ["successive halving"] = "--halving",
        ["target"] = "--target",
        ["terms"] = "--terms",
        ["threads"] = "--threads",
        ["time-limit"] = "--time-limit",
        ["trace file"] = "--trace",
        ["trace-every"] = "--trace-every",
        ["trials per round"] = "--trials",
        ["variables"] = "--vars",
        ["x-tol"] = "--x-tol",
    };

    /// <summary>Every parameter this command exposes as an option.</summary>
    public static IReadOnlyCollection<string> Parameters => Flags.Keys;

    /// <summary>The flag of <paramref name="parameter"/>, or the parameter's own name where no option sets it.</summary>
    public static string Flag(string parameter) => Flags.TryGetValue(parameter, out var flag) ? flag : parameter;

    /// <summary><paramref name="problem"/> as this command's user should read it: with flags for parameters.</summary>
    public static InputException AsFlags(InputException problem) => problem.RenameParameters(Flag);
}
