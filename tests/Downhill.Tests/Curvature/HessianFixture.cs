using System.Text.Json;
using Downhill.Learning.Data;
using Downhill.Learning.Models;

namespace Downhill.Tests.Curvature;

/// <summary>
/// tests/Downhill.Tests/Fixtures/hessian.json, written by tools/reference/hessian_torch.py: small networks (at most 100
/// parameters, each activation, each loss train uses), their rows, a point θ, and torch 1.13's
/// torch.autograd.functional.hessian of the mean loss there (float64), with the loss and gradient.
/// </summary>
internal static class HessianFixture
{
    public sealed record Case(string Model, string Loss, int Features, int Classes, float[] X, float[] Y, double[] Theta,
        double Value, double[] Gradient, double[] Hessian)
    {
        public int Dimension => Theta.Length;

        /// <summary>The model, built as Downhill builds it for this data.</summary>
        public Model CreateModel() => global::Downhill.Learning.Models.Model.Create(Model, Features, Classes);

        /// <summary>The rows as a data set (classes named 0, 1, …).</summary>
        public Dataset CreateData() => new("fixture", X, Y, Features,
            Enumerable.Range(0, Classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());

        public override string ToString() => $"{Model} ({Loss})";
    }

    private static readonly Lazy<Case[]> Document = new(Load);

    public static IReadOnlyList<Case> Cases => Document.Value;

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in Cases) data.Add(c.Model + "|" + c.Features + "|" + c.Classes);
        return data;
    }

    public static Case Find(string name) => Cases.Single(c => c.Model + "|" + c.Features + "|" + c.Classes == name);

    private static Case[] Load()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "hessian.json")));
        return json.RootElement.GetProperty("cases").EnumerateArray().Select(c => new Case(
            c.GetProperty("model").GetString()!,
            c.GetProperty("loss").GetString()!,
            c.GetProperty("features").GetInt32(),
            c.GetProperty("classes").GetInt32(),
            c.GetProperty("x").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
            c.GetProperty("y").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(),
            Doubles(c.GetProperty("theta")),
            c.GetProperty("value").GetDouble(),
            Doubles(c.GetProperty("gradient")),
            Doubles(c.GetProperty("hessian")))).ToArray();
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
