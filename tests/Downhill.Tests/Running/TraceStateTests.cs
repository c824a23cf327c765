using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Running;

/// <summary>
/// A run asked to trace the optimizer's state keeps, with each iterate, the state's declared parts after that many
/// steps: the same numbers as the optimizer stepped by hand; by default no entry holds any.
/// </summary>
public sealed class TraceStateTests
{
    private static readonly double[] Start = [-1.2, 1];

    private static RunResult Run(string spec, bool traceState, int iterations = 20) =>
        Minimizer.Run(FunctionResolver.Resolve("rosenbrock").Objective, Start, Methods.Parse(spec), RunOptions.Default with
        {
            Stopping = StoppingRules.Default.With(new MaxIterations(iterations)),
            TraceState = traceState,
        });

    [Theory]
    [InlineData("adam:lr=0.01")]
    [InlineData("momentum:lr=0.001")]
    [InlineData("nadam:lr=0.01")]
    public void EachEntryHoldsTheStateTheOptimizerHasAfterThatManySteps(string spec)
    {
        var result = Run(spec, traceState: true);
        var objective = FunctionResolver.Resolve("rosenbrock").Objective;
        var optimizer = ((FirstOrderMethod)Methods.Parse(spec)).Optimizer;
        var state = optimizer.CreateState<double>(2);
        double[] x = [.. Start], gradient = new double[2];
        foreach (var entry in result.Trace)
        {
            var parts = entry.State!;
            var scalars = state.Scalars.Skip(1).ToList();
            Assert.Equal([.. scalars.Select(s => s.Name), .. state.Buffers.Select(b => b.Name)], parts.Select(p => p.Name));
            for (int k = 0; k < scalars.Count; k++)
            {
                Assert.True(parts[k].IsScalar);
                Assert.Equal(scalars[k].Value, Assert.Single(parts[k].Values));
            }
            for (int k = 0; k < state.Buffers.Count; k++)
            {
                Assert.False(parts[scalars.Count + k].IsScalar);
                Assert.Equal(state.Buffers[k].Values.ToArray(), parts[scalars.Count + k].Values);
            }
            Assert.Equal(x, entry.X);
            objective.ValueAndGradient(x, gradient);
            state.Step(x, gradient, optimizer.LearningRate);
        }
        Assert.Equal(21, result.Trace.Count);
        // After steps, the buffers hold something: the first moment of the last entry is not the zero it started at.
        Assert.Contains(result.Trace[^1].State!.First(p => !p.IsScalar).Values, v => v != 0);
    }

    [Fact]
    public void NadamsScalarIsAScalar() =>
        Assert.Equal(new[] { "mu_product", "exp_avg", "exp_avg_sq" }, Run("nadam", traceState: true, 3).Trace[2].State!.Select(p => p.Name));

    [Fact]
    public void ByDefaultAndForMethodsWithoutDeclaredStateNoEntryHoldsState()
    {
        Assert.All(Run("adam", traceState: false).Trace, e => Assert.Null(e.State));
        Assert.All(Run("bfgs", traceState: true).Trace, e => Assert.Null(e.State));
    }

    [Fact]
    public void AThinnedTraceKeepsEachEntrysOwnState()
    {
        var options = RunOptions.Default with
        {
            Stopping = StoppingRules.Default.With(new MaxIterations(100)),
            TraceState = true,
            TraceCapacity = 8,
        };
        var full = Run("adam:lr=0.01", traceState: true, 100);
        var thinned = Minimizer.Run(FunctionResolver.Resolve("rosenbrock").Objective, Start, Methods.Parse("adam:lr=0.01"), options);
        Assert.True(thinned.Trace.Count < 10);
        foreach (var entry in thinned.Trace)
        {
            var same = full.Trace.Single(e => e.Iteration == entry.Iteration);
            Assert.Equal(same.State!.Select(p => p.Values), entry.State!.Select(p => p.Values));
        }
    }
}
