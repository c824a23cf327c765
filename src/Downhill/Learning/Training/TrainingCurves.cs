using System.Globalization;
using System.Text;
using Downhill.IO;

namespace Downhill.Learning.Training;

/// <summary>
/// Learning curves as a standalone SVG: training and validation loss per epoch (left), and accuracy where there is
/// one (right); the space between the two loss curves is the gap between empirical risk and risk.
/// </summary>
public static class TrainingCurves
{
    private const int PanelWidth = 420, Height = 300, Margin = 50;

    /// <summary>Writes the curves of <paramref name="result"/> to <paramref name="path"/>, atomically.</summary>
    public static void Write(string path, TrainingResult result) => AtomicFile.WriteText(path, ToSvg(result));

    public static string ToSvg(TrainingResult result)
    {
        var epochs = result.Epochs;
        bool accuracy = epochs.Any(e => e.TrainAccuracy is not null);
        int width = (accuracy ? 2 : 1) * PanelWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{Height}\" viewBox=\"0 0 {width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{Height}\" fill=\"white\"/>\n");
        Panel(svg, 0, $"loss — {result.Model}", epochs.Select(e => (double?)e.TrainLoss).ToList(), epochs.Select(e => e.ValLoss).ToList());
        if (accuracy)
            Panel(svg, PanelWidth, "accuracy", epochs.Select(e => e.TrainAccuracy).ToList(), epochs.Select(e => e.ValAccuracy).ToList());
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Panel(StringBuilder svg, int left, string title, IReadOnlyList<double?> train, IReadOnlyList<double?> validation)
    {
        var values = train.Concat(validation).Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        if (values.Count == 0) return;
        double low = values.Min(), high = values.Max();
        if (high - low < 1e-12) { low -= 0.5; high += 0.5; }
        int n = train.Count;
        double X(int i) => left + Margin + (n == 1 ? 0.5 : (double)i / (n - 1)) * (PanelWidth - 2 * Margin);
        double Y(double v) => Height - Margin - (v - low) / (high - low) * (Height - 2 * Margin);
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + Margin}\" y=\"25\" font-weight=\"bold\">{System.Security.SecurityElement.Escape(title)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + Margin}\" y=\"{Margin}\" width=\"{PanelWidth - 2 * Margin}\" height=\"{Height - 2 * Margin}\" fill=\"none\" stroke=\"#999\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 4}\" y=\"{Margin + 4}\">{high.ToString("G3", CultureInfo.InvariantCulture)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + 4}\" y=\"{Height - Margin + 4}\">{low.ToString("G3", CultureInfo.InvariantCulture)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + PanelWidth / 2 - 20}\" y=\"{Height - 15}\">epoch 1–{n}</text>\n");
        foreach (var (series, colour, name, offset) in new[] { (train, "#1f77b4", "train", 0), (validation, "#d62728", "validation", 90) })
        {
            var points = series.Select((v, i) => (v, i)).Where(p => p.v is { } x && double.IsFinite(x))
                .Select(p => $"{F(X(p.i))},{F(Y(p.v!.Value))}").ToList();
            if (points.Count == 0) continue;
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{string.Join(' ', points)}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + Margin + 150 + offset}\" y=\"25\" fill=\"{colour}\">{name}</text>\n");
        }
    }
}
