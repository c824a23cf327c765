using System.Globalization;
using System.Text.Json;
using Downhill.Curvature.Networks;
using Downhill.IO;
using Downhill.Learning;
using Downhill.Learning.Data;
using Downhill.Learning.Models;
using Downhill.Learning.Training;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Cli;

/// <summary>What <c>downhill train</c> prints: a header, a line per epoch, the test metrics, or the JSON document.</summary>
internal sealed class TrainReport(Io io, DataSplits data, Model model, FirstOrderOptimizer optimizer, TrainingOptions options)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    private readonly long _epochs = options.Stopping.IterationLimit;
    private readonly long _stride = EpochStride(options.Stopping.IterationLimit);
    private bool _tableStarted;
    private int _lastShown;

    /// <summary>The most epoch lines a run prints, about a screenful; past it every k-th epoch is shown.</summary>
    public const int ScreenfulOfEpochs = 20;

    /// <summary>
    /// Which epochs get a line: all of a run of up to <see cref="ScreenfulOfEpochs"/>, else every k-th (k = 2, 5,
    /// 10, 20, 50, …, the least that keeps the lines to a screenful) and always the first and the last.
    /// </summary>
    internal static long EpochStride(long epochs)
    {
        if (epochs == long.MaxValue) return 1;  // no epoch limit: no telling how long, so every epoch
        for (long k = 1; ; k *= 10)
            foreach (long step in new[] { k, 2 * k, 5 * k })
                if ((epochs + step - 1) / step <= ScreenfulOfEpochs) return step;
    }

    /// <summary>The curvature tracked during training (<c>--curvature-every</c>), shown in the epoch table and the JSON; or null.</summary>
    public TrainingCurvature? Curvature { get; init; }

    public void WriteHeader()
    {
        var train = data.Train;
        string validation = data.Validation is { } v ? string.Create(Invariant, $", {v.Count:N0} validation") : "";
        string rows = string.Create(Invariant, $"{train.Count:N0} training{validation}, {data.Test.Count:N0} test");
        string kind = train.IsClassification ? $"{train.ClassCount} classes" : "regression";
        io.Out.WriteLine(string.Create(Invariant, $"{train.Name}: {rows} rows × {train.FeatureCount} features{(data.IsStandardized ? " (standardized)" : "")}, {kind}"));
        io.Out.WriteLine(string.Create(Invariant, $"model {model.Spec} ({model.ParameterCount:N0} parameters, loss {model.Loss}), {optimizer}"));
        io.Out.WriteLine(string.Create(Invariant, $"batch {options.BatchSize}, schedule {options.Schedule}, seed {options.Seed}, {options.Threads} thread{(options.Threads == 1 ? "" : "s")}"));
        if (options.Clipping is { } clipping)
            io.Out.WriteLine($"gradients of all parameters clipped together before each step to {clipping.Describe()}");
    }

    /// <summary>"clipped 37 of 120 steps (31%)", or null without clipping.</summary>
    private static string? Clipped(TrainingResult result) => result.ClippedSteps is { } clipped
        ? string.Create(Invariant, $"clipped {clipped} of {result.Steps} steps ({(result.Steps == 0 ? 0 : (double)clipped / result.Steps):0%}){(result.ResumedAfter > 0 ? " since the resume" : "")}")
        : null;

    /// <summary>One line of the epoch table; <paramref name="writeLine"/> is the live display's writer while a
    /// progress bar is up (so the line lands above the bar), else standard output.</summary>
    public void WriteEpoch(EpochRecord e, Action<string>? writeLine = null)
    {
        writeLine ??= io.Out.WriteLine;
        if (e.Epoch != 1 && e.Epoch % _stride != 0 && e.Epoch != _epochs) return;
        if (!_tableStarted)
        {
            if (_stride > 1)
                writeLine(string.Create(Invariant, $"every {_stride}{(_stride == 2 ? "nd" : "th")} epoch shown, and the first and the last (--json has them all)"));
            writeLine("epoch  train loss  train acc    val loss    val acc         gap          lr      time" + (Curvature is null ? "" : "        λmax        λmin"));
            _tableStarted = true;
        }
        _lastShown = e.Epoch;
        writeLine(Line(e));
    }

    private string Line(EpochRecord e)
    {
        string curvature = Curvature is null ? "" : Curvature.At(e.Epoch) is { } c
            ? string.Create(Invariant, $"  {c.Largest,10:g4}  {c.Smallest,10:g4}")
            : $"  {"—",10}  {"—",10}";
        return string.Create(Invariant,
            $"{e.Epoch,5}  {e.TrainLoss,10:0.0000}  {Percent(e.TrainAccuracy),9}  {Number(e.ValLoss),10}  {Percent(e.ValAccuracy),9}  {Number(e.Gap),10}  {e.LearningRate,10:g4}  {e.Seconds,6:0.00} s") + curvature;
    }

    /// <summary>The last epoch's line, when the run stopped early between shown epochs.</summary>
    public void WriteLastEpoch(TrainingResult result)
    {
        if (_tableStarted && result.Epochs.Count > 0 && result.Epochs[^1].Epoch != _lastShown)
        {
            _lastShown = result.Epochs[^1].Epoch;
            io.Out.WriteLine(Line(result.Epochs[^1]));
        }
    }

    public void WriteSummary(TrainingResult result, LeastSquaresComparison? comparison)
    {
        if (result.ResumedAfter > 0)
            io.Out.WriteLine($"resumed after epoch {result.ResumedAfter}");
        string accuracy = result.Test.Accuracy is { } a ? ", accuracy " + Percent(a) : "";
        io.Out.WriteLine(string.Create(Invariant, $"test: loss {result.Test.Loss:0.0000}{accuracy}"));
        if (Clipped(result) is { } clipped) io.Out.WriteLine($"gradient clipping: {clipped}");
        io.Out.WriteLine($"stopped: {result.Stop.ToName()} ({result.StopDetail})");
        io.Console.Write(RunReport.StoppingRules(result.Checks));
        foreach (var d in result.Diagnostics)
            io.Out.WriteLine($"warning: {d.Kind} at epoch {d.Iteration}: {d.Evidence}");
        if (comparison is null) return;
        io.Out.WriteLine("least squares vs gradient descent (training split, standardized features):");
        io.Out.WriteLine(string.Create(Invariant, $"  closed form (QR)   RSS {comparison.ClosedForm.Rss:G8}"));
        io.Out.WriteLine(string.Create(Invariant, $"  gradient descent   RSS {comparison.GradientDescent.Rss:G8}  (relative gap {comparison.RelativeRssGap:g3})"));
        io.Out.WriteLine(string.Create(Invariant, $"  max |coefficient difference| {comparison.MaxCoefficientDifference:g3}"));
    }

    /// <summary>
    /// {"epochs":[{"epoch","trainLoss","trainAccuracy","valLoss","valAccuracy","lr","seconds"(,"lambdaMax","lambdaMin" with
    /// --curvature-every; null where not measured)}…],"test":{"loss","accuracy"},
    /// "stop","stopDetail","checks":[{"rule","measured","threshold","met"}…]}; with clipping also "steps" and "clippedSteps".
    /// </summary>
    public void WriteJson(TrainingResult result, LeastSquaresComparison? comparison)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteStartArray("epochs");
            foreach (var e in result.Epochs)
            {
                w.WriteStartObject();
                w.WriteNumber("epoch", e.Epoch);
                w.WriteReal("trainLoss", e.TrainLoss);
                WriteOptional(w, "trainAccuracy", e.TrainAccuracy);
                WriteOptional(w, "valLoss", e.ValLoss);
                WriteOptional(w, "valAccuracy", e.ValAccuracy);
                w.WriteReal("lr", e.LearningRate);
                w.WriteReal("seconds", e.Seconds);
                if (Curvature is not null)
                {
                    var c = Curvature.At(e.Epoch);
                    WriteOptional(w, "lambdaMax", c?.Largest);
                    WriteOptional(w, "lambdaMin", c?.Smallest);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("test");
            w.WriteReal("loss", result.Test.Loss);
            WriteOptional(w, "accuracy", result.Test.Accuracy);
            w.WriteEndObject();
            RunResultJson.WriteStop(w, result.Stop, result.StopDetail, result.Checks);
            if (result.ClippedSteps is { } clippedSteps)
            {
                w.WriteNumber("steps", result.Steps);
                w.WriteNumber("clippedSteps", clippedSteps);
            }
            if (comparison is not null)
            {
                w.WriteStartObject("leastSquares");
                w.WriteReal("closedFormRss", comparison.ClosedForm.Rss);
                w.WriteReal("gradientDescentRss", comparison.GradientDescent.Rss);
                w.WriteReal("relativeRssGap", comparison.RelativeRssGap);
                w.WriteReal("maxCoefficientDifference", comparison.MaxCoefficientDifference);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        io.Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v) w.WriteReal(name, v);
        else w.WriteNull(name);
    }

    internal static string Percent(double? v) => v is { } x ? (100 * x).ToString("0.00", Invariant) + "%" : "—";
    private static string Number(double? v) => v is { } x ? x.ToString("0.0000", Invariant) : "—";
}
