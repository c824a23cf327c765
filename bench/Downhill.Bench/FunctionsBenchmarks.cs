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
    private readonly IObjective _typed = Expression.Parse("(1-x)^2+100*(y-x^2)^2").Compile();
    private readonly IObjective _handWritten = Catalog.Find("rosenbrock")!.Create(2).Objective;
    private readonly double[] _x = [-1.2, 1];
    private readonly double[] _gradient = new double[2];
    private readonly double[] _hessian = new double[4];

    [Benchmark] public double TypedValue() => _typed.Value(_x);
    [Benchmark] public double TypedValueGradient() => _typed.ValueAndGradient(_x, _gradient);
    [Benchmark] public double TypedValueGradientHessian() => _typed.ValueGradientHessian(_x, _gradient, _hessian);
    [Benchmark] public double HandWrittenValueGradient() => _handWritten.ValueAndGradient(_x, _gradient);
    [Benchmark] public double HandWrittenValueGradientHessian() => _handWritten.ValueGradientHessian(_x, _gradient, _hessian);
}

/// <summary>
/// Parsing, differentiating and compiling an expression, including the JIT of all three delegates (each is called
/// once). Target: under 1 ms.
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*ParseCompile*' --job short
/// </summary>
[MemoryDiagnoser]
public class ParseCompileBenchmarks
{
    private readonly double[] _x = [0.3, -0.4];
    private readonly double[] _gradient = new double[2];
    private readonly double[] _hessian = new double[4];

    [Params("(1-x)^2+100*(y-x^2)^2",
        "3*(1-x)^2*exp(-x^2-(y+1)^2) - 10*(x/5-x^3-y^5)*exp(-x^2-y^2) - 1/3*exp(-(x+1)^2-y^2)")]
    public string Text { get; set; } = "";

    [Benchmark]
    public double ParseAndCompile()
    {
        var f = Expression.Parse(Text).Compile();
        return f.Value(_x) + f.ValueAndGradient(_x, _gradient) + f.ValueGradientHessian(_x, _gradient, _hessian);
    }

    [Benchmark]
    public int ParseOnly() => Expression.Parse(Text).Dimension;
}
