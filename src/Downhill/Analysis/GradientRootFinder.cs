using Downhill.Functions;
using Downhill.Numerics;

namespace Downhill.Analysis;

/// <summary>
/// Solves ∇f(x) = 0 from one start: Newton's method on the gradient, safeguarded by Levenberg–Marquardt on
/// φ(x) = ½‖∇f(x)‖², then polished with further steps until ‖∇f‖ stops falling.
/// </summary>
/// <remarks>
/// With H = ∇²f = Σ λᵢ qᵢqᵢᵀ, the Levenberg–Marquardt step for φ is
/// Δx = −(H² + μI)⁻¹ H ∇f = −Σ λᵢ/(λᵢ² + μ) (qᵢ·∇f) qᵢ, which is Newton's step at μ = 0. One eigen-decomposition per
/// iteration therefore serves every trial μ: μ = 0 first (quadratic convergence near a regular root, whatever its
/// kind — Newton on ∇f is attracted to saddles and maxima as much as to minima, which is the point here), then
/// growing μ until ‖∇f‖ falls. Steps are capped at half the box diagonal so one wild step cannot leave the region.
/// </remarks>
internal sealed class GradientRootFinder(IObjective objective, Box box, CriticalPointOptions options)
{
    private const int MaxDampingTries = 16;
    private const int MaxPolishSteps = 80;

    /// <summary>Runs from <paramref name="x"/> (overwritten with the root); returns ‖∇f‖ at the root, or NaN when it failed.</summary>
    public double Solve(Span<double> x)
    {
        int n = objective.Dimension;
        Span<double> gradient = stackalloc double[n];
        Span<double> trialGradient = stackalloc double[n];
        Span<double> trial = stackalloc double[n];
        double[] hessian = new double[n * n];
        double[] trialHessian = new double[n * n];
        double maxStep = 0.5 * box.Diagonal;

        objective.ValueGradientHessian(x, gradient, hessian);
        double norm = Vectors.Norm(gradient);
        bool converged = false;
        int polishing = 0;
        for (int iteration = 0; iteration < options.MaxIterations + MaxPolishSteps; iteration++)
        {
            if (!double.IsFinite(norm)) return double.NaN;
            if (!converged && norm <= options.GradientTolerance) converged = true;
            if (converged && polishing++ >= MaxPolishSteps) break;
            if (!converged && iteration >= options.MaxIterations) return double.NaN;

            var (values, vectors) = Curvature.Eigen(hessian, n);
            double largest = Math.Max(values[0] * values[0], values[^1] * values[^1]);
            double mu = 0;
            bool accepted = false;
            for (int attempt = 0; attempt < MaxDampingTries && !accepted; attempt++)
            {
                Step(values, vectors, gradient, mu, trial);
                double length = Vectors.Norm(trial);
                if (length == 0) break;
                double scale = length > maxStep ? maxStep / length : 1.0;
                for (int i = 0; i < n; i++) trial[i] = x[i] + scale * trial[i];
                objective.ValueGradientHessian(trial, trialGradient, trialHessian);
                double trialNorm = Vectors.Norm(trialGradient);
                if (trialNorm < norm)
                {
                    trial.CopyTo(x);
                    trialGradient.CopyTo(gradient);
                    trialHessian.CopyTo(hessian, 0);
                    norm = trialNorm;
                    accepted = true;
                }
                else
                {
                    mu = mu == 0 ? 1e-6 * Math.Max(largest, 1e-300) : mu * 10;
                }
            }
            // No step lowers ‖∇f‖: a converged root is polished to rounding; anything else is a false stationary point of φ.
            if (!accepted) return converged ? norm : double.NaN;
            if (!box.Contains(x, slack: 0.5)) return double.NaN;
        }
        return converged ? norm : double.NaN;
    }

    private static void Step(double[] values, double[] vectors, ReadOnlySpan<double> gradient, double mu, Span<double> step)
    {
        int n = values.Length;
        step.Clear();
        for (int k = 0; k < n; k++)
        {
            double denominator = values[k] * values[k] + mu;
            if (denominator == 0) continue;
            double projection = 0;
            for (int i = 0; i < n; i++) projection += vectors[i * n + k] * gradient[i];
            double coefficient = -values[k] / denominator * projection;
            for (int i = 0; i < n; i++) step[i] += coefficient * vectors[i * n + k];
        }
    }
}
