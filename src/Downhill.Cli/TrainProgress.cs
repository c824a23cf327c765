using Downhill.Learning.Training;
using Spectre.Console;

namespace Downhill.Cli;

/// <summary>
/// The live view of <c>downhill train</c>: a Spectre.Console progress bar over the epoch's batches with the running
/// loss, accuracy and samples per second, and one line per finished epoch. Without an interactive terminal only the
/// epoch lines appear.
/// </summary>
internal static class TrainProgress
{
    public static TrainingResult Run(Io io, TrainReport report, bool showBar, Func<ITrainingObserver, TrainingResult> train)
    {
        if (!showBar)
            return train(new Observer(null, null, null));
        if (!io.Console.Profile.Capabilities.Interactive)
            return train(new Observer(null, report, null));
        TrainingResult? result = null;
        io.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("epoch 1", maxValue: 1);
                result = train(new Observer(task, report, line => io.Console.WriteLine(line)));
            });
        return result!;
    }

    private sealed class Observer(ProgressTask? task, TrainReport? report, Action<string>? writeLine) : ITrainingObserver
    {
        public void OnBatch(int epoch, int batch, int batches, double loss, double? accuracy, double samplesPerSecond)
        {
            if (task is null) return;
            // Redrawing is throttled by Spectre; formatting is kept to a few batches per epoch's hundreds.
            if (batch != batches && batch % 8 != 1) return;
            task.MaxValue = batches;
            task.Value = batch;
            task.Description = $"epoch {epoch}  loss {loss:0.0000}" + (accuracy is { } a ? $"  acc {TrainReport.Percent(a)}" : "") + $"  {samplesPerSecond:N0} samples/s";
        }

        public void OnIteration(EpochRecord epoch) => report?.WriteEpoch(epoch, writeLine);
    }
}
