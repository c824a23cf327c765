using System.Globalization;
using Downhill.Curvature;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary>
/// The live view of a curvature computation on an interactive terminal: a progress bar over the stage under way
/// (products of Lanczos, probes of the trace and density, points of a landscape) with the current estimate. Nothing is
/// shown when the output is piped or JSON.
/// </summary>
internal static class CurvatureProgressBar
{
    public static T Run<T>(Io io, bool show, Func<ICurvatureObserver?, T> work)
    {
        if (!show || !io.Console.Profile.Capabilities.Interactive) return work(null);
        T result = default!;
        io.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("starting", maxValue: 1);
                result = work(new Observer(task));
            });
        return result;
    }

    private sealed class Observer(ProgressTask task) : ICurvatureObserver
    {
        public void OnProgress(CurvatureProgress progress)
        {
            string estimate = progress.Estimate is { } e ? "  ≈ " + e.ToString("G4", CultureInfo.InvariantCulture) : "";
            task.IsIndeterminate = progress.Planned is null;
            if (progress.Planned is { } planned)
            {
                task.MaxValue = planned;
                task.Value = progress.Done;
            }
            task.Description = $"{progress.Stage} {progress.Done.ToString("N0", CultureInfo.InvariantCulture)}{(progress.Planned is { } p ? "/" + p.ToString("N0", CultureInfo.InvariantCulture) : "")}{estimate}";
        }
    }
}
