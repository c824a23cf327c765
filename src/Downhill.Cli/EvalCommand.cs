using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Downhill.IO;

namespace Downhill.Cli;

/// <summary><c>downhill eval</c>: the value, gradient and Hessian of a function at a point.</summary>
internal static class EvalCommand
{
    /// <summary>The most variables whose Hessian is computed and printed (100² = 10,000 cells); past it, f and ∇f only.</summary>
    public const int MaxHessianDimension = 100;

    public static Command Create(Io io)
    {
        var function = new FunctionOptions();
        var at = new Option<string>("--at")
        {
            Description = "the point, comma-separated, e.g. --at=-1.2,1",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "print {\"x\":[…],\"f\":…,\"gradient\":[…],\"hessian\":[[…],…],\"eigenvalues\":[…],\"eigenvectors\":[[…],…]}" };
        var command = new Command("eval", "Value, gradient and Hessian of a function at a point.");
        function.AddTo(command);
        command.Options.Add(at);
        command.Options.Add(json);
        command.SetAction(result =>
        {
            var f = function.Resolve(result);
            var objective = f.Objective;
            int n = objective.Dimension;
            double[] x = CliValues.RequireDimension(CliValues.ParseVector(result.GetValue(at)!, "--at"), n, "--at");
            var gradient = new double[n];
            double[]? hessian = n <= MaxHessianDimension ? new double[n * n] : null;
            double value = hessian is null ? objective.ValueAndGradient(x, gradient) : objective.ValueGradientHessian(x, gradient, hessian);
            if (result.GetValue(json)) WriteJson(io.Out, x, value, gradient, hessian);
            else WriteText(io, f.Name, f.Formula, objective.Variables, x, value, gradient, hessian);
            if (!double.IsFinite(value))
                io.Error.WriteLine($"downhill: note: f is {RoundTrip.Format(value)} at this point (outside the function's domain, or an overflow)");
            return Cli.Success;
        });
        return command;
    }


    private static void WriteJson(TextWriter output, double[] x, double f, double[] gradient, double[]? hessian)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteReals("x", x);
            writer.WriteReal("f", f);
            writer.WriteReals("gradient", gradient);
            if (hessian is null) writer.WriteNull("hessian");
            else
            {
                WriteMatrix(writer, hessian, x.Length);
                // The Hessian's eigen-decomposition: the curvatures and the directions they act along (the playground's arrows).
                var (values, vectors) = hessian.All(double.IsFinite) ? Analysis.Curvature.Eigen(hessian, x.Length) : ([], []);
                writer.WriteReals("eigenvalues", values);
                writer.WriteStartArray("eigenvectors");
                for (int k = 0; k < values.Length; k++)
                {
                    writer.WriteStartArray();
                    for (int i = 0; i < x.Length; i++) writer.WriteReal(vectors[i * x.Length + k]);
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteMatrix(Utf8JsonWriter writer, double[] hessian, int n)
    {
        writer.WriteStartArray("hessian");
        for (int i = 0; i < n; i++)
        {
            writer.WriteStartArray();
            for (int j = 0; j < n; j++) writer.WriteReal(hessian[i * n + j]);
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
    }

    private static void WriteText(Io io, string name, string formula, IReadOnlyList<string> variables, double[] x,
        double f, double[] gradient, double[]? hessian)
    {
        var o = io.Out;
        int n = x.Length;
        o.WriteLine(name == formula ? $"f({string.Join(", ", variables)}) = {formula}" : $"{name}: {formula}");
        o.WriteLine($"at        ({string.Join(", ", variables)}) = ({string.Join(", ", x.Select(RoundTrip.Format))})");
        o.WriteLine($"f         = {RoundTrip.Format(f)}");
        o.WriteLine($"gradient  = ({string.Join(", ", gradient.Select(RoundTrip.Format))})");
        if (hessian is null)
        {
            o.WriteLine($"hessian   = ({n:N0}×{n:N0}: computed and printed for up to {MaxHessianDimension} variables)");
            return;
        }
        var cells = hessian.Select(RoundTrip.Format).ToArray();
        var widths = Enumerable.Range(0, n).Select(j => Enumerable.Range(0, n).Max(i => cells[i * n + j].Length)).ToArray();
        for (int i = 0; i < n; i++)
        {
            string row = string.Join("  ", Enumerable.Range(0, n).Select(j => cells[i * n + j].PadLeft(widths[j])));
            o.WriteLine($"{(i == 0 ? "hessian" : ""),-9} {(i == 0 ? "=" : " ")} [{row}]");
        }
    }
}
