using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Tests.Optimizers;

/// <summary>Runs lbfgsb with bounds to SciPy's tests: projected gradient ‖·‖∞ ≤ gtol (grad-tol), then relative reduction of f ≤ ftol (f-tol).</summary>
internal static class BoundedRun
{
    public static RunResult ToConvergence(IObjective objective, double[] start, Bounds bounds, double gtol, double ftol,
        int maxIterations = 15000, IMethod? method = null) =>
        Minimizer.Run(objective, start, method ?? new Lbfgsb(), RunOptions.Default with
        {
            Bounds = bounds,
            Stopping = StoppingRules.Default
                .With(new GradientTolerance(gtol, GradientNormKind.Max))
                .With(new FunctionTolerance(ftol))
                .With(new MaxIterations(maxIterations)),
        });
}
