using BenchmarkDotNet.Attributes;
using Downhill.Plotting;

namespace Downhill.Bench;

/// <summary>
/// The cost of a contour figure: marching squares and filled bands on rosenbrock's 121 × 121 grid (the CLI's
/// default), and the whole SVG and HTML documents for it.
/// Run: dotnet run -c Release --project bench/Downhill.Bench -- --filter '*FigureBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class FigureBenchmarks
{
    private ScalarGrid _grid = null!;
    private ContourLevels _levels = null!;
    private Figure _figure = null!;

    [GlobalSetup]
    public void Setup()
    {
        _grid = ScalarGrid.Sample((x, y) => (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x), (-2, 2), (-1, 3), 121, 121);
        _levels = ContourLevels.Choose(_grid);
        _figure = ContourFigure.Build("rosenbrock", _grid, [], [new CriticalPointMark([1, 1], "minimum")]);
    }

    [Benchmark]
    public int ContourLines() => _levels.Values.Sum(level => MarchingSquares.Lines(_grid, level).Count);

    [Benchmark]
    public int FilledBands() => Plotting.FilledBands.Regions(_grid, _levels).Count;

    [Benchmark]
    public int Svg() => SvgRenderer.Render(_figure).Length;

    [Benchmark]
    public int Html() => HtmlRenderer.Render(_figure).Length;
}
