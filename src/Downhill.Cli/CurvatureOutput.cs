using System.Globalization;
using System.Text.Json;
using Downhill.Learning;
using Downhill.Curvature;
using Downhill.Curvature.Networks;
using Downhill.Curvature.Spectra;
using Downhill.Functions;
using Downhill.IO;
using Downhill.Learning.Models;

namespace Downhill.Cli;

/// <summary>
/// What <c>downhill curvature</c> prints: a header (what, where, how many parameters), the loss and gradient there, the
/// eigenvalues with their error bounds, trace and density, and the findings; or one JSON document with the same.
/// </summary>
internal sealed class CurvatureOutput(Io io, bool asJson)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public void WriteNetwork(string weights, string data, string split, Model model, NetworkCurvatureReport result)
    {
        if (asJson)
        {
            JsonOutput.Write(io.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("model", model.Spec);
                w.WriteString("weights", weights);
                w.WriteString("data", data);
                w.WriteString("split", split);
                w.WriteNumber("parameters", result.Parameters);
                w.WriteString("block", result.Block);
                w.WriteNumber("dimension", result.BlockDimension);
                w.WriteNumber("rows", result.Rows);
                w.WriteString("precision", result.Precision == Precision.Float64 ? "float64" : "float32");
                w.WriteReal("loss", result.Loss);
                if (result.Accuracy is { } a) w.WriteReal("accuracy", a); else w.WriteNull("accuracy");
                w.WriteReal("gradientNorm", result.GradientNorm);
                WriteReport(w, result.Curvature);
                if (result.Spread is { } spread)
                {
                    w.WriteStartObject("spread");
                    w.WriteNumber("rows", spread.Rows);
                    w.WriteReals("largest", spread.LargestEigenvalues);
                    w.WriteReal("mean", spread.Mean);
                    w.WriteReal("sd", spread.StandardDeviation);
                    w.WriteEndObject();
                }
                if (result.Reason is { } reason) w.WriteString("reason", reason); else w.WriteNull("reason");
                w.WriteEndObject();
            });
            return;
        }
        var o = io.Out;
        o.WriteLine(string.Create(Invariant, $"{data}, {split} split: {result.Rows:N0} of {result.SplitRows:N0} rows; weights {weights}"));
        o.WriteLine(string.Create(Invariant, $"model {ModelFile.Describe(model)}, {result.Parameters:N0} parameters; Hessian over {result.Block} ({result.BlockDimension:N0}), {(result.Precision == Precision.Float64 ? "float64" : "float32")}"));
        string accuracy = result.Accuracy is { } acc ? $", accuracy {TrainReport.Percent(acc)}" : "";
        o.WriteLine(string.Create(Invariant, $"at these weights: loss {G(result.Loss, 6)}{accuracy}, ‖∇L‖ = {G(result.GradientNorm, 3)}"));
        if (result.Curvature is { } report)
        {
            WriteText(report);
            if (result.Precision == Precision.Float32 && report.Top.Count + report.Bottom.Count > 0 && !report.Dense)
                o.WriteLine("(± bound is each residual for the products as computed; their float32 roundings move eigenvalues by about 1e-7·λmax more: --precision float64 checks)");
        }
        if (result.Spread is { } s)
            o.WriteLine(string.Create(Invariant,
                $"spread over {s.LargestEigenvalues.Count} random batches of {s.Rows:N0} rows: λmax {G(s.Min, 4)} to {G(s.Max, 4)} (mean {G(s.Mean, 4)}, sd {G(s.StandardDeviation, 3)}); the whole split (omit --batch) has none"));
        if (result.Reason is { } why) o.WriteLine($"no curvature: {why}");
    }

    public void WriteFunction(ResolvedFunction f, double[] x, double value, double gradientNorm, CurvatureReport report)
    {
        if (asJson)
        {
            JsonOutput.Write(io.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("function", f.Name);
                w.WriteNumber("parameters", f.Dimension);
                if (x.Length <= 1000) w.WriteReals("x", x);
                w.WriteReal("f", value);
                w.WriteReal("gradientNorm", gradientNorm);
                WriteReport(w, report);
                w.WriteNull("reason");
                w.WriteEndObject();
            });
            return;
        }
        io.Out.WriteLine(f.Name == f.Formula ? $"f = {f.Formula}" : $"{f.Name}: {f.Formula}");
        io.Out.WriteLine(string.Create(Invariant, $"at ({Point(x)}), {f.Dimension:N0} variables: f = {G(value, 10)}, ‖∇f‖ = {G(gradientNorm, 3)}"));
        WriteText(report);
    }

    public void WriteFunctionReason(ResolvedFunction f, double[] x, double value, string reason)
    {
        if (asJson)
        {
            JsonOutput.Write(io.Out, w =>
            {
                w.WriteStartObject();
                w.WriteString("function", f.Name);
                w.WriteNumber("parameters", f.Dimension);
                w.WriteReal("f", value);
                w.WriteString("reason", reason);
                w.WriteEndObject();
            });
            return;
        }
        io.Out.WriteLine(string.Create(Invariant, $"{f.Name} at ({Point(x)}): no curvature: {reason}"));
    }

    private void WriteText(CurvatureReport report)
    {
        var o = io.Out;
        string how = report.Dense ? "exact, dense" : "Lanczos";
        if (report.Top.Count > 0) WriteEigenvalues("largest eigenvalues", report.Top, how);
        if (report.Bottom.Count > 0) WriteEigenvalues("smallest eigenvalues", report.Bottom, how);
        if (report.Density is { Probes: > 0 } d)
        {
            var (x, y) = (d.X, d.Y);
            int peak = Enumerable.Range(0, y.Count).MaxBy(i => y[i]);
            o.WriteLine(string.Create(Invariant, $"density: {d.Probes} probes × {d.Nodes.Count / d.Probes} Lanczos steps, nodes from {G(d.Nodes.Min(q => q.Node), 4)} to {G(d.Nodes.Max(q => q.Node), 4)}, peak at λ ≈ {G(x[peak], 3)} (σ = {G(d.Sigma, 2)}; --json or --plot for the curve)"));
        }
        o.WriteLine(string.Create(Invariant, $"{report.Products:N0} Hessian-vector products; {Completion(report.Completion)}"));
        foreach (string finding in report.Findings) o.WriteLine(finding);
    }

    private void WriteEigenvalues(string what, IReadOnlyList<EigenEstimate> values, string how)
    {
        io.Out.WriteLine($"{what} ({how}):");
        io.Out.WriteLine("   k              λ     ± bound  converged");
        for (int k = 0; k < values.Count; k++)
        {
            var e = values[k];
            io.Out.WriteLine(string.Create(Invariant, $"{k + 1,4}  {G(e.Value, 6),13}  {G(e.Residual, 2),10}  {(e.Converged ? "yes" : "no")}"));
        }
    }

    private static void WriteReport(Utf8JsonWriter w, CurvatureReport? report)
    {
        if (report is null)
        {
            w.WriteNull("top");
            w.WriteNull("bottom");
            w.WriteNull("trace");
            w.WriteNull("density");
            return;
        }
        w.WriteReals("top", report.Top.Select(e => e.Value));
        w.WriteReals("bottom", report.Bottom.Select(e => e.Value));
        w.WriteReals("topResiduals", report.Top.Select(e => e.Residual));
        w.WriteReals("bottomResiduals", report.Bottom.Select(e => e.Residual));
        w.WriteBoolean("dense", report.Dense);
        if (report.Trace is { } t)
        {
            w.WriteStartObject("trace");
            w.WriteReal("estimate", t.Estimate);
            w.WriteReal("stderr", t.StandardError);
            w.WriteNumber("probes", t.Probes);
            w.WriteEndObject();
        }
        else w.WriteNull("trace");
        if (report.Density is { } d)
        {
            w.WriteStartObject("density");
            w.WriteReals("x", d.X);
            w.WriteReals("y", d.Y);
            w.WriteReal("sigma", d.Sigma);
            w.WriteNumber("probes", d.Probes);
            w.WriteEndObject();
        }
        else w.WriteNull("density");
        w.WriteNumber("products", report.Products);
        w.WriteString("completion", Completion(report.Completion));
        w.WriteStartArray("findings");
        foreach (string finding in report.Findings) w.WriteStringValue(finding);
        w.WriteEndArray();
    }

    private static string Completion(SpectrumCompletion completion) => completion switch
    {
        SpectrumCompletion.Converged => "converged",
        SpectrumCompletion.BudgetSpent => "budget spent before every value converged",
        SpectrumCompletion.Cancelled => "cancelled (the values so far)",
        _ => "stopped: a product was not finite",
    };

    private static string Point(double[] x) =>
        x.Length <= 6 ? string.Join(", ", x.Select(v => RoundTrip.Format(v))) : $"{RoundTrip.Format(x[0])}, {RoundTrip.Format(x[1])}, …, {RoundTrip.Format(x[^1])}";

    private static string G(double v, int digits) => v.ToString("G" + digits.ToString(Invariant), Invariant);
}
