using BenchmarkDotNet.Attributes;
using Downhill.Functions;
using Downhill.Functions.Expressions;

namespace Downhill.Bench;

/// <summary>
/// Cost of one call of a typed (parsed and compiled) 2-D Rosenbrock, against the catalog's hand-written one.
/// Targets: value+gradient ≤ 30 ns, value+gradient+Hessian ≤ 60 ns, 0 B allocated.
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*FunctionCall*' --job short
/// </summary>
[MemoryDiagnoser]
public class FunctionCallBenchmarks
{
    private readonly IObjective typed = Expression.Parse("(1-x)^2+100*(y-x^2)^2").Compile();
    private readonly IObjective handWritten = Catalog.Find("rosenbrock")!.Create(2).Objective;
    private readonly double[] x = [-1.2, 1];
    private readonly double[] gradient = new double[2];
    private readonly double[] hessian = new double[4];

    [Benchmark] public double TypedValue() => typed.Value(x);
    [Benchmark] public double TypedValueGradient() => typed.ValueAndGradient(x, gradient);
    [Benchmark] public double TypedValueGradientHessian() => typed.ValueGradientHessian(x, gradient, hessian);
    [Benchmark] public double HandWrittenValueGradient() => handWritten.ValueAndGradient(x, gradient);
    [Benchmark] public double HandWrittenValueGradientHessian() => handWritten.ValueGradientHessian(x, gradient, hessian);
}

/// <summary>
/// Parsing, differentiating and compiling an expression, including the JIT of all three delegates (each is called
/// once). Target: under 1 ms.
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*ParseCompile*' --job short
/// </summary>
[MemoryDiagnoser]
public class ParseCompileBenchmarks
{
    private readonly double[] x = [0.3, -0.4];
    private readonly double[] gradient = new double[2];
    private readonly double[] hessian = new double[4];

    [Params("(1-x)^2+100*(y-x^2)^2",
        "3*(1-x)^2*exp(-x^2-(y+1)^2) - 10*(x/5-x^3-y^5)*exp(-x^2-y^2) - 1/3*exp(-(x+1)^2-y^2)")]
    public string Text { get; set; } = "";

    [Benchmark]
    public double ParseAndCompile()
    {
        var f = Expression.Parse(Text).Compile();
        return f.Value(x) + f.ValueAndGradient(x, gradient) + f.ValueGradientHessian(x, gradient, hessian);
    }

    [Benchmark]
    public int ParseOnly() => Expression.Parse(Text).Dimension;
}
