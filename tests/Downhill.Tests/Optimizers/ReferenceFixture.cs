using System.Numerics;
using System.Text.Json;

namespace Downhill.Tests.Optimizers;

/// <summary>
/// tests/Downhill.Tests/Fixtures/first_order.json, written by tools/reference/first_order.py with torch.optim 1.13, and
/// lion.json, written by tools/reference/lion.py (the paper's update in numpy): each case is an optimizer spec, a test
/// function, a dtype and every iterate from a fixed start.
/// </summary>
internal static class ReferenceFixture
{
    /// <summary>The fixture files and whether their updates call libm's pow (whose last bit may differ off Linux x64).</summary>
    private static readonly (string File, bool UsesPow)[] Files = [("first_order.json", true), ("lion.json", false)];

    public sealed record Case(int Index, string Spec, string Function, bool Negate, string Dtype, double[][] Iterates, bool UsesPow)
    {
        public override string ToString() => $"{Spec} on {Function} ({Dtype})";
    }

    private static readonly Lazy<(Case[] Cases, Dictionary<string, double[]> Curvatures)> Document = new(Load);

    public static IReadOnlyList<Case> Cases => Document.Value.Cases;

    /// <summary>The gradient of the named test function, computed one rounded operation at a time in T, in the
    /// same order as the generator's numpy code, so both sides feed the optimizer identical bits.</summary>
    public static void Gradient<T>(string function, ReadOnlySpan<T> x, Span<T> g) where T : IFloatingPointIeee754<T>
    {
        if (function == "rosenbrock")
        {
            T a = x[0], t = x[1] - a * a;
            g[0] = -T.CreateTruncating(2) * (T.One - a) - T.CreateTruncating(400) * a * t;
            g[1] = T.CreateTruncating(200) * t;
            return;
        }
        var d = Document.Value.Curvatures[function];
        for (int i = 0; i < x.Length; i++)
            g[i] = T.CreateTruncating(d[i]) * x[i];
    }

    private static (Case[], Dictionary<string, double[]>) Load()
    {
        var curvatures = new Dictionary<string, double[]>();
        var cases = new List<Case>();
        foreach (var (file, usesPow) in Files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", file)));
            foreach (var function in json.RootElement.GetProperty("functions").EnumerateObject())
                if (function.Value.TryGetProperty("curvatures", out var d))
                    curvatures[function.Name] = d.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            foreach (var c in json.RootElement.GetProperty("cases").EnumerateArray())
                cases.Add(new Case(
                    cases.Count,
                    c.GetProperty("spec").GetString()!,
                    c.GetProperty("function").GetString()!,
                    c.GetProperty("negate").GetBoolean(),
                    c.GetProperty("dtype").GetString()!,
                    c.GetProperty("iterates").EnumerateArray().Select(it => it.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray(),
                    usesPow));
        }
        return (cases.ToArray(), curvatures);
    }
}
