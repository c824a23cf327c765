
namespace Downhill.Curvature.Spectra;

/// <summary>
/// The eigenvalue density of a symmetric operator by stochastic Lanczos quadrature (Lin, Saad and Yang 2016; Ghorbani
/// et al. 2019; PyHessian): from each unit probe v, Lanczos with full reorthogonalization builds T of order m, whose
/// eigenvalues θ_k are the quadrature nodes and whose eigenvectors' first components squared, τ_k = s_{1k}², the
/// weights (vᵀ·f(H)·v ≈ Σ τ_k f(θ_k)); the density is the probes' average of Σ τ_k·N(x; θ_k, σ²).
/// </summary>
/// <remarks>
/// The weights come from a symmetric eigensolver, so T's eigenvectors are orthonormal and each probe's weights sum to 1:
/// PyHessian computed them with a general eigensolver until its PR #23, which gave wrong weights. The density therefore
/// integrates to 1 (to the Gaussian tails beyond the grid, which reaches 6σ past the outermost nodes).
/// </remarks>
public static class SpectralDensity
{
    /// <summary>The density of <paramref name="h"/>'s eigenvalues.</summary>
    public static DensityEstimate Estimate(ISymmetricOperator h, DensityOptions? options = null, ICurvatureObserver? observer = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(h);
        options ??= new DensityOptions();
        options.Validate();
        int n = h.Dimension, steps = Math.Min(options.Steps, n);
        var basis = new KrylovBasis(h, steps, options.Seed);
        var probe = new double[n];
        var nodes = new List<QuadratureNode>();
        var completion = SpectrumCompletion.Converged;
        int probes = 0, products = 0;
        for (int p = 0; p < options.Probes && completion == SpectrumCompletion.Converged; p++)
        {
            Probes.Rademacher(probe, options.Seed, p);
            basis.Start(probe);
            int before = basis.Products;
            while (basis.Count < steps)
            {
                if (cancel.IsCancellationRequested) { completion = SpectrumCompletion.Cancelled; break; }
                if (!basis.Expand()) { completion = SpectrumCompletion.NotFinite; break; }
                observer?.OnProgress(new CurvatureProgress("density", p * steps + basis.Count, options.Probes * steps));
            }
            products += basis.Products - before;
            // A probe cut short is left out: its weights would describe a coarser quadrature.
            if (completion != SpectrumCompletion.Converged) break;
            var (values, vectors) = basis.Ritz();
            int m = values.Length;
            for (int k = 0; k < m; k++) nodes.Add(new QuadratureNode(p, values[k], vectors[k] * vectors[k]));
            probes++;
        }
        return Smooth(nodes, probes, options, products, completion);
    }

    /// <summary>The probes' nodes smoothed by Gaussians of width σ = width·(spread of the nodes) on an even grid.</summary>
    private static DensityEstimate Smooth(List<QuadratureNode> nodes, int probes, DensityOptions options, int products, SpectrumCompletion completion)
    {
        if (probes == 0) return new DensityEstimate([], [], nodes, double.NaN, 0, products, completion);
        double low = nodes.Min(q => q.Node), high = nodes.Max(q => q.Node);
        double spread = high > low ? high - low : Math.Max(Math.Abs(high), 1);
        double sigma = options.Width * spread;
        double from = low - 6 * sigma, to = high + 6 * sigma;
        int count = options.GridPoints;
        var x = new double[count];
        var y = new double[count];
        double norm = 1 / (probes * sigma * Math.Sqrt(2 * Math.PI));
        for (int i = 0; i < count; i++)
        {
            x[i] = from + (to - from) * i / (count - 1);
            double sum = 0;
            foreach (var q in nodes)
            {
                double u = (x[i] - q.Node) / sigma;
                if (Math.Abs(u) < 40) sum += q.Weight * Math.Exp(-0.5 * u * u);
            }
            y[i] = sum * norm;
        }
        return new DensityEstimate(x, y, nodes, sigma, probes, products, completion);
    }
}

/// <summary>Stochastic Lanczos quadrature's settings: probes, Lanczos steps per probe, smoothing width, grid, seed.</summary>
public sealed record DensityOptions
{
    /// <summary>Random probes averaged (PyHessian uses 1; more lower the variance).</summary>
    public int Probes { get; init; } = 4;

    /// <summary>Lanczos steps per probe: the quadrature's order (google/spectral-density's MNIST example uses 90).</summary>
    public int Steps { get; init; } = 80;

    /// <summary>σ of the smoothing Gaussians as a fraction of the spread of the nodes.</summary>
    public double Width { get; init; } = 0.01;

    /// <summary>Points of the grid the density is given on.</summary>
    public int GridPoints { get; init; } = 400;

    /// <summary>The seed of the random probe vectors.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (Probes < 1) throw new ArgumentOutOfRangeException(nameof(Probes), Probes, "at least 1");
        if (Steps < 1) throw new ArgumentOutOfRangeException(nameof(Steps), Steps, "at least 1");
        if (!(Width > 0 && Width < 1)) throw new ArgumentOutOfRangeException(nameof(Width), Width, "between 0 and 1 (exclusive)");
        if (GridPoints < 2) throw new ArgumentOutOfRangeException(nameof(GridPoints), GridPoints, "at least 2");
    }
}

/// <summary>A quadrature node θ_k of probe <paramref name="Probe"/> and its weight τ_k (a probe's weights sum to 1).</summary>
public readonly record struct QuadratureNode(int Probe, double Node, double Weight);

/// <summary>
/// The smoothed density on the grid x (it integrates to 1), the quadrature nodes and weights behind it, σ, the probes
/// used, the products spent, and why it stopped.
/// </summary>
public sealed record DensityEstimate(IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<QuadratureNode> Nodes,
    double Sigma, int Probes, int Products, SpectrumCompletion Completion);
