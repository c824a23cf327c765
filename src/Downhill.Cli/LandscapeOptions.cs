using System.CommandLine;
using Downhill.Analysis.Landscapes;
using Downhill.Optimizers;

namespace Downhill.Cli;

/// <summary>Options the landscape commands (restarts, basins, sweep, tune, experiment) share beyond the run options.</summary>
internal static class LandscapeOptions
{
    public static Option<string> Optimizer(string fallback = "adam") => new("--optimizer", "-o")
    {
        Description = $"the method, name[:key=value,…]: {string.Join(", ", Methods.Names)}",
        DefaultValueFactory = _ => fallback,
    };

    public static Option<int> Threads() => new("--threads")
    {
        Description = "at most this many runs at once (default: every core); the result does not depend on it",
    };

    public static Option<double> DistanceTolerance() => new("--tol")
    {
        Description = "end points closer than tol·(1 + ‖x‖) are the same minimum (default 1e-3)",
        DefaultValueFactory = _ => MinimaGrouping.DefaultTolerance,
    };
}
