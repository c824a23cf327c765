using System.Globalization;
using System.Text.Json;
using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Slices;
using Downhill.IO;
using Downhill.Learning;
using Downhill.Learning.Models;

namespace Downhill.Cli;

/// <summary>
/// What <c>downhill landscape</c> prints: what was sliced and how, the loss at the trained (and initial) weights, the
/// slice's lowest and highest points and its findings; or one JSON document with every grid value.
/// </summary>
internal sealed class SliceOutput(Io io, bool asJson)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void Write(string weights, string split, Model model, Precision precision, LossSlice slice)
    {
        var findings = SliceFindings.Describe(slice);
        if (asJson)
        {
            JsonOutput.Write(io.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("model", model.Spec);
                w.WriteString("weights", weights);
                w.WriteString("split", split);
                w.WriteNumber("parameters", model.ParameterCount);
                w.WriteString("precision", precision == Precision.Float64 ? "float64" : "float32");
                w.WriteString("directions", slice.Directions.ToString().ToLowerInvariant());
                w.WriteReals("x", slice.X);
                if (slice.Y is { } ys) w.WriteReals("y", ys); else w.WriteNull("y");
                Point(w, "trained", slice.Trained);
                if (slice.Initial is { } initial) Point(w, "initial", initial); else w.WriteNull("initial");
                Values(w, "train", slice.Primary, slice.AtTrained.Primary, slice.AtInitial?.Primary);
                if (slice.HeldOut is { } held) Values(w, "test", held, slice.AtTrained.HeldOut!, slice.AtInitial?.HeldOut);
                else w.WriteNull("test");
                if (slice.Directions == SliceDirections.Eigen)
                    w.WriteString("eigenvector", string.Create(Invariant, $"{(slice.EigenEnd == SpectrumEnd.Largest ? "top" : "bottom")}:{slice.EigenRank}"));
                else w.WriteNull("eigenvector");
                w.WriteReals("eigenvalues", slice.Eigenvalues);
                w.WriteReals("directionNorms", slice.DirectionNorms);
                w.WriteNumber("evaluated", slice.Evaluated);
                w.WriteNumber("planned", slice.Planned);
                w.WriteStartArray("findings");
                foreach (string f in findings) w.WriteStringValue(f);
                w.WriteEndArray();
                if (slice.Reason is { } reason) w.WriteString("reason", reason); else w.WriteNull("reason");
                w.WriteEndObject();
            });
            return;
        }
        var o = io.Out;
        string held = slice.HeldOut is { } h ? string.Create(Invariant, $" and {h.Rows:N0} test rows") : "";
        o.WriteLine(string.Create(Invariant, $"{slice.Primary.Name}, {split} split: {slice.Primary.Rows:N0} rows{held}; weights {weights}"));
        o.WriteLine(string.Create(Invariant, $"model {ModelFile.Describe(model)}, {model.ParameterCount:N0} parameters, {(precision == Precision.Float64 ? "float64" : "float32")}"));
        string extent = slice.Directions == SliceDirections.Line
            ? $"α from {G(slice.X[0])} to {G(slice.X[^1])}"
            : slice.Y is null ? $"α from {G(slice.X[0])} to {G(slice.X[^1])}" : $"α, β from {G(slice.X[0])} to {G(slice.X[^1])}";
        string points = slice.Y is { } y ? $"{slice.X.Length} × {y.Length}" : $"{slice.X.Length}";
        o.WriteLine($"slice {SliceCommand.Describe(slice)}: {points} points, {extent}");
        if (slice.AtInitial is { } start) o.WriteLine($"at the initial weights (α = 0): {Evaluation(start)}");
        o.WriteLine($"at the trained weights{(slice.Directions == SliceDirections.Line ? " (α = 1)" : "")}: {Evaluation(slice.AtTrained)}");
        if (slice.Reason is { } why)
        {
            o.WriteLine($"no slice: {why}");
            return;
        }
        if (slice.Primary.Lowest() is { } low)
        {
            var (high, hi, hj) = Highest(slice.Primary.Loss);
            o.WriteLine($"on the slice, {slice.Primary.Name} loss from {G(low.Loss)} at {Where(slice, low.I, low.J)} to {G(high)} at {Where(slice, hi, hj)}");
        }
        foreach (string finding in findings) o.WriteLine(finding);
        if (!slice.Complete)
            o.WriteLine(string.Create(Invariant, $"stopped after {slice.Evaluated:N0} of {slice.Planned:N0} points (the rest are NaN)"));
    }

    private static void Values(Utf8JsonWriter w, string name, SliceValues values, NetworkEvaluation atTrained, NetworkEvaluation? atInitial)
    {
        w.WriteStartObject(name);
        w.WriteString("data", values.Name);
        w.WriteNumber("rows", values.Rows);
        Grid(w, "loss", values.Loss);
        if (values.Accuracy is { } accuracy) Grid(w, "accuracy", accuracy); else w.WriteNull("accuracy");
        w.WriteReal("trainedLoss", atTrained.Loss);
        if (atInitial is { } initial) w.WriteReal("initialLoss", initial.Loss);
        w.WriteEndObject();
    }

    /// <summary>Rows of the grid, one per value of the second axis (one row for a curve).</summary>
    private static void Grid(Utf8JsonWriter w, string name, double[,] values)
    {
        w.WriteStartArray(name);
        for (int j = 0; j < values.GetLength(0); j++)
        {
            w.WriteStartArray();
            for (int i = 0; i < values.GetLength(1); i++) w.WriteReal(values[j, i]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void Point(Utf8JsonWriter w, string name, (double X, double Y) point)
    {
        w.WriteStartArray(name);
        w.WriteReal(point.X);
        w.WriteReal(point.Y);
        w.WriteEndArray();
    }

    private static string Evaluation((NetworkEvaluation Primary, NetworkEvaluation? HeldOut) at)
    {
        string text = $"loss {G(at.Primary.Loss)}{(at.Primary.Accuracy is { } a ? ", accuracy " + TrainReport.Percent(a) : "")}";
        if (at.HeldOut is { } held) text += $"; test loss {G(held.Loss)}{(held.Accuracy is { } b ? ", accuracy " + TrainReport.Percent(b) : "")}";
        return text;
    }

    private static (double Value, int I, int J) Highest(double[,] loss)
    {
        (double Value, int I, int J) best = (double.NegativeInfinity, 0, 0);
        for (int j = 0; j < loss.GetLength(0); j++)
            for (int i = 0; i < loss.GetLength(1); i++)
                if (double.IsFinite(loss[j, i]) && loss[j, i] > best.Value) best = (loss[j, i], i, j);
        return best;
    }

    private static string Where(LossSlice slice, int i, int j) =>
        slice.Y is { } ys ? $"(α, β) = ({G(slice.X[i])}, {G(ys[j])})" : $"α = {G(slice.X[i])}";

    private static string G(double v) => v.ToString("G4", Invariant);
}
