using Downhill.Analysis;
using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tour;

/// <summary>The few ways the lessons run a method: with stated rules, the function's known minima, and diagnostics.</summary>
public static class TourRuns
{
    /// <summary>Divergence, plus the given rules, and nothing else: each lesson states every rule it runs under.</summary>
    public static StoppingRules Rules(params StoppingRule[] rules) => new([new Divergence(), .. rules]);

    /// <summary>
    /// Runs <paramref name="method"/> on <paramref name="function"/>, then measures the distance to the exact minimum and
    /// attaches RunDiagnostics' findings.
    /// </summary>
    public static RunResult Run(ResolvedFunction function, IReadOnlyList<double> start, string method, StoppingRules rules) =>
        Run(function, start, Methods.Parse(method), rules);

    /// <summary>As <see cref="Run(ResolvedFunction, IReadOnlyList{double}, string, StoppingRules)"/>, with a method built in code (e.g. with clipping).</summary>
    public static RunResult Run(ResolvedFunction function, IReadOnlyList<double> start, IMethod method, StoppingRules rules)
    {
        var options = new RunOptions { Stopping = rules, FunctionName = function.Name };
        var result = Minimizer.Run(function.Objective, start.ToArray(), method, options);
        result = ExactMinimum.Measure(result, function.Objective, KnownMinima(function));
        return result with { Diagnostics = RunDiagnostics.Diagnose(result, function.Objective) };
    }

    /// <summary>The function's known minimizers, or null where none are catalogued (the run then polishes its own).</summary>
    public static IReadOnlyList<KnownMinimum>? KnownMinima(ResolvedFunction function)
    {
        var minima = function.KnownPoints.Where(p => p.IsMinimum).Select(p => new KnownMinimum(p.X, p.F)).ToList();
        return minima.Count > 0 ? minima : null;
    }

    /// <summary>The function's suggested bounds as (low, high) pairs.</summary>
    public static IReadOnlyList<(double Low, double High)> Bounds(ResolvedFunction function) =>
        function.Bounds?.Select(b => (b.Low, b.High)).ToList()
        ?? throw new InvalidOperationException($"{function.Name} has no suggested bounds");

    /// <summary>The kind names of a run's diagnostics ("saddle, zigzag"), or "none".</summary>
    public static string DiagnosticNames(RunResult run) =>
        run.Diagnostics.Count == 0 ? "none" : string.Join(", ", run.Diagnostics.Select(d => d.Kind));

    /// <summary>Every diagnostic of the run with its evidence ("saddle: at the end ‖∇f‖ = …"), or "nothing found".</summary>
    public static string DiagnosticEvidence(RunResult run) =>
        run.Diagnostics.Count == 0 ? "nothing found" : string.Join("; ", run.Diagnostics.Select(d => $"{d.Kind}: {d.Evidence}"));

    /// <summary>The evidence of the diagnostic of kind <paramref name="kind"/>, or null.</summary>
    public static Diagnostic? Find(RunResult run, string kind) => run.Diagnostics.FirstOrDefault(d => d.Kind == kind);

    /// <summary>"grad-tol at iteration 23 (‖∇f‖ = 9.1e-07 ≤ 1e-06)".</summary>
    public static string StopText(RunResult run) => $"{run.Stop.ToName()} at iteration {Numbers.N(run.Iterations)} ({run.StopDetail})";
}
