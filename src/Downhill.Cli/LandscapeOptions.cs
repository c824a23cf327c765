using System.CommandLine;
using Downhill.Analysis.Landscapes;
using Downhill.Functions;
using Downhill.Optimizers;

namespace Downhill.Cli;

/// <summary>Options the landscape commands (restarts, basins, sweep, tune, experiment) share beyond the run options.</summary>
internal static class LandscapeOptions
{
    public static Option<string> Optimizer(string fallback = "adam") => new Option<string>("--optimizer", "-o")
    {
        Description = $"the method, name[:key=value,…]: {string.Join(", ", Methods.Names)}",
        DefaultValueFactory = _ => fallback,
    }.OfferingMethods();

    public static Option<int> Threads() => new("--threads")
    {
        Description = "at most this many runs at once (default: every core); the result does not depend on it",
    };

    public static Option<double> DistanceTolerance() => new("--tol")
    {
        Description = "end points closer than tol·(1 + ‖x‖) are the same minimum (default 1e-3)",
        DefaultValueFactory = _ => MinimaGrouping.DefaultTolerance,
    };

    /// <summary>The --bounds box, else the function's, else null.</summary>
    public static IReadOnlyList<(double Low, double High)>? Bounds(ParseResult result, RunOptionsBinder run, ResolvedFunction f) =>
        result.GetValue(run.Bounds) is { } text
            ? CliValues.ParseBounds(text, "--bounds", f.Dimension)
            : f.Bounds?.Select(b => (b.Low, b.High)).ToArray();

    /// <summary>Refuses --x0 (and --trace) where a command makes its own starts.</summary>
    public static void RejectStart(ParseResult result, RunOptionsBinder run, string why)
    {
        if (result.GetValue(run.Start) is not null) throw new InputException($"--x0 does not apply here: {why}");
        if (result.GetValue(run.Trace) is not null) throw new InputException("--trace does not apply here: these runs keep only their end points");
    }
}
