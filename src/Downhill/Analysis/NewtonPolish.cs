using Downhill.Functions;
using Downhill.Numerics;
using Downhill.Optimizers;

namespace Downhill.Analysis;

/// <summary>
/// Finds the exact minimizer near a run's end point: pure Newton steps from it, to machine precision, accepted only
/// when every Hessian on the way is positive definite (so the point is a strict local minimum) and f does not rise
/// above the end point's. Evaluations here are not counted in the run's.
/// </summary>
internal static class NewtonPolish
{
    private const int MaxSteps = 60;

    public static KnownMinimum? Polish(IObjective objective, ReadOnlySpan<double> from, double fFrom)
    {
        int n = from.Length;
        var x = from.ToArray();
        var gradient = new double[n];
        var hessian = new double[n * n];
        var step = new double[n];
        double previousStepLength = double.PositiveInfinity;
        for (int k = 0; k < MaxSteps; k++)
        {
            double f = objective.ValueGradientHessian(x, gradient, hessian);
            if (!double.IsFinite(f) || !NewtonSystem.TryFactor(hessian, n)) return null;
            for (int i = 0; i < n; i++) step[i] = -gradient[i];
            NewtonSystem.Solve(hessian, n, step);
            double stepLength = Vectors.Norm(step), scale = 1 + Vectors.Norm(x);
            if (!double.IsFinite(stepLength)) return null;
            // Quadratic convergence ends at the rounding floor: a step that no longer shrinks much is noise.
            bool atFloor = stepLength <= 1e-15 * scale
                           || (previousStepLength <= 1e-7 * scale && stepLength >= 0.5 * previousStepLength);
            if (atFloor)
                return f <= fFrom + 1e-9 * (1 + Math.Abs(fFrom)) ? new KnownMinimum(x, f) : null;
            for (int i = 0; i < n; i++) x[i] += step[i];
            previousStepLength = stepLength;
        }
        return null;
    }
}
