using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Curvature.Spectra;

/// <summary>
/// Power iteration, the simple baseline (PyHessian's method for the top eigenvalue): v ← H·v/‖H·v‖ until the Rayleigh
/// quotient vᵀ·H·v changes by at most the tolerance (relative). It finds the eigenvalue of largest magnitude, which is
/// the most negative one when that outweighs the largest (a pitfall PyHessian's users met), and converges at the rate
/// |λ₂/λ₁|: slowly when the top two are close. Lanczos from the same products is both faster and more accurate.
/// </summary>
public static class PowerIteration
{
    /// <summary>The eigenvalue of largest magnitude of <paramref name="h"/> (signed), with its vector.</summary>
    public static PowerIterationResult LargestMagnitude(ISymmetricOperator h, PowerIterationOptions? options = null,
        ICurvatureObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(h);
        options ??= new PowerIterationOptions();
        options.Validate();
        int n = h.Dimension;
        var v = new double[n];
        var hv = new double[n];
        Probes.Gaussian(v, options.Seed, 0);
        TensorPrimitives.Divide<double>(v, TensorPrimitives.Norm<double>(v), v);
        double value = double.NaN;
        for (int iteration = 1; iteration <= options.MaxIterations; iteration++)
        {
            if (cancel.IsCancellationRequested) return new PowerIterationResult(value, v, iteration - 1, SpectrumCompletion.Cancelled);
            h.Multiply(v, hv);
            double rayleigh = TensorPrimitives.Dot<double>(v, hv), norm = TensorPrimitives.Norm<double>(hv);
            if (!double.IsFinite(rayleigh) || !double.IsFinite(norm))
                return new PowerIterationResult(double.NaN, v, iteration, SpectrumCompletion.NotFinite);
            bool converged = Math.Abs(rayleigh - value) <= options.Tolerance * Math.Abs(rayleigh);
            value = rayleigh;
            observer?.OnProgress(new CurvatureProgress("power iteration", iteration, options.MaxIterations, value));
            if (converged || norm == 0) return new PowerIterationResult(value, v, iteration, SpectrumCompletion.Converged);
            TensorPrimitives.Divide<double>(hv, norm, v);
        }
        return new PowerIterationResult(value, v, options.MaxIterations, SpectrumCompletion.BudgetSpent);
    }
}

/// <summary>Power iteration's settings (PyHessian's defaults: 100 iterations, relative change 1e-3).</summary>
public sealed record PowerIterationOptions
{
    /// <summary>Stop when the eigenvalue estimate changes by less than this, relatively.</summary>
    public double Tolerance { get; init; } = 1e-3;
    /// <summary>The most iterations.</summary>
    public int MaxIterations { get; init; } = 100;
    /// <summary>The seed of the starting vector.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Tolerance > 0 && Tolerance < 1)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "between 0 and 1 (exclusive)");
        if (MaxIterations < 1) throw new ArgumentOutOfRangeException(nameof(MaxIterations), MaxIterations, "at least 1");
    }
}

/// <summary>The eigenvalue of largest magnitude (signed), its unit vector, the products spent, and why it stopped.</summary>
public sealed record PowerIterationResult(double Value, double[] Vector, int Iterations, SpectrumCompletion Completion);
