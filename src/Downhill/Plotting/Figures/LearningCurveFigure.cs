using Downhill.Learning.Training;

namespace Downhill.Plotting;

/// <summary>
/// The learning curves of a training run (written as SVG, PNG or HTML by <see cref="FigureFile"/>): training and
/// validation loss per epoch — the space between them is the gap between empirical risk and risk — and, for a
/// classifier, the two accuracies; with the curvature tracked during training, the Hessian's largest and smallest
/// eigenvalue beside 2/lr, the stability limit of plain gradient descent.
/// </summary>
public static class LearningCurveFigure
{
    /// <summary>
    /// The curves of <paramref name="result"/>, titled with the data set they were trained on when it is named, and the
    /// curvature measured during training when there is some.
    /// </summary>
    public static Figure Build(TrainingResult result, string? dataSet = null, IReadOnlyList<Curvature.Networks.EpochCurvature>? curvature = null)
    {
        var epochs = result.Epochs;
        var x = new Axis("epoch", 1, Math.Max(2, epochs.Count));
        var panels = new List<Panel>
        {
            Panel("loss", x, epochs.Select(e => (e.Epoch, (double?)e.TrainLoss)), epochs.Select(e => (e.Epoch, e.ValLoss))),
        };
        if (epochs.Any(e => e.TrainAccuracy is not null))
            panels.Add(Panel("accuracy", x, epochs.Select(e => (e.Epoch, e.TrainAccuracy)), epochs.Select(e => (e.Epoch, e.ValAccuracy))));
        if (curvature is { Count: > 0 }) panels.Add(CurvaturePanel(x, curvature));
        string run = $"{result.Model}, {result.Optimizer.Split(',')[0]}";
        return new Figure(dataSet is null ? run : $"{dataSet}: {run}", panels) { Height = panels.Count > 2 ? 760 : 540 };
    }

    private static Panel CurvaturePanel(Axis x, IReadOnlyList<Curvature.Networks.EpochCurvature> curvature)
    {
        var series = new (string Label, Func<Curvature.Networks.EpochCurvature, double> Value, LineDash Dash)[]
        {
            ("λmax", c => c.Largest, LineDash.Solid),
            ("λmin", c => c.Smallest, LineDash.Solid),
            ("2/lr", c => c.StabilityLimit, LineDash.Dashed),
        };
        var marks = new List<Mark>();
        var values = new List<double>();
        for (int k = 0; k < series.Length; k++)
        {
            var points = curvature.Select(c => ((double)c.Epoch, series[k].Value(c))).Where(p => double.IsFinite(p.Item2)).ToList();
            if (points.Count == 0) continue;
            marks.Add(new LineMark(points, Palette.Category(k + 2)) { Label = series[k].Label, Dash = series[k].Dash });
            if (points.Count == 1) marks.Add(new ScatterMark(points, MarkerShape.Circle, Palette.Category(k + 2)));
            values.AddRange(points.Select(p => p.Item2));
        }
        return new Panel(x, Axis.Fit("Hessian eigenvalue", values.Append(0)), marks) { Title = "curvature of the training loss" };
    }

    private static Panel Panel(string name, Axis x, IEnumerable<(int Epoch, double? Value)> train, IEnumerable<(int Epoch, double? Value)> validation)
    {
        var marks = new List<Mark>();
        var values = new List<double>();
        foreach (var (series, label, k) in new[] { (train, "train", 0), (validation, "validation", 1) })
        {
            var points = series.Where(p => p.Value is { } v && double.IsFinite(v)).Select(p => ((double)p.Epoch, p.Value!.Value)).ToList();
            if (points.Count == 0) continue;
            marks.Add(new LineMark(points, Palette.Category(k)) { Label = label });
            values.AddRange(points.Select(p => p.Item2));
        }
        return new Panel(x, Axis.Fit(name, values.DefaultIfEmpty(0)), marks) { Title = name };
    }
}
