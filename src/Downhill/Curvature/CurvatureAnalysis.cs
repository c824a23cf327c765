using Downhill.Curvature.Spectra;

namespace Downhill.Curvature;

/// <summary>
/// What to measure of a Hessian: the k largest and k smallest eigenvalues (Lanczos), the trace (Hutchinson), the
/// eigenvalue density (stochastic Lanczos quadrature). All random draws come from <see cref="Seed"/>.
/// </summary>
public sealed record CurvatureRequest
{
    /// <summary>How many of the largest eigenvalues (0: none).</summary>
    public int Top { get; init; }

    /// <summary>How many of the smallest, most negative eigenvalues (0: none).</summary>
    public int Bottom { get; init; }

    /// <summary>Whether to estimate the trace, from <see cref="TraceProbes"/> probes.</summary>
    public bool Trace { get; init; }

    /// <summary>Random probes of the Hutchinson trace estimate.</summary>
    public int TraceProbes { get; init; } = 30;

    /// <summary>Whether to estimate the density, with <see cref="DensitySettings"/>.</summary>
    public bool Density { get; init; }

    /// <summary>How the spectral density is estimated.</summary>
    public DensityOptions DensitySettings { get; init; } = new();

    /// <summary>Tolerance, basis and budget of the eigenvalues (its seed is replaced by <see cref="Seed"/>).</summary>
    public LanczosOptions Lanczos { get; init; } = new();

    /// <summary>The seed of every random vector the analysis draws.</summary>
    public ulong Seed { get; init; }

    /// <summary>
    /// Where as many eigenvalues as parameters are asked for (Top + Bottom ≥ n), the largest n for which H is assembled
    /// from n products and decomposed densely instead (exact, and said so); past it such a request is refused.
    /// </summary>
    public int DenseLimit { get; init; } = 2000;

    /// <summary>Whether the request, against an operator of dimension <paramref name="n"/>, takes the dense route.</summary>
    public bool IsDense(int n) => Top + Bottom >= n;

    /// <summary>Throws naming the first setting out of range for an operator of dimension <paramref name="n"/>.</summary>
    public void Validate(int n)
    {
        if (Top < 0) throw new ArgumentOutOfRangeException(nameof(Top), Top, "cannot be negative");
        if (Bottom < 0) throw new ArgumentOutOfRangeException(nameof(Bottom), Bottom, "cannot be negative");
        if (Top + Bottom == 0 && !Trace && !Density) throw new ArgumentException("nothing asked for: eigenvalues, the trace or the density");
        if (IsDense(n) && n > DenseLimit)
            throw new ArgumentOutOfRangeException(nameof(Top), Top + Bottom,
                $"{Top + Bottom} eigenvalues of {n:N0} asks for the whole spectrum, which is computed densely only up to {DenseLimit:N0} parameters");
        if (Trace && TraceProbes < 2) throw new ArgumentOutOfRangeException(nameof(TraceProbes), TraceProbes, "at least 2");
        Lanczos.Validate();
        DensitySettings.Validate();
    }
}

/// <summary>
/// What a Hessian showed: its extreme eigenvalues (largest first; smallest first), trace and density where asked, the
/// products spent, why it stopped, and what the numbers mean (<see cref="Findings"/>).
/// </summary>
public sealed record CurvatureReport
{
    /// <summary>n, the dimension of the Hessian.</summary>
    public required int Dimension { get; init; }

    /// <summary>The largest eigenvalues found, largest first.</summary>
    public required IReadOnlyList<EigenEstimate> Top { get; init; }

    /// <summary>The smallest eigenvalues found, smallest first.</summary>
    public required IReadOnlyList<EigenEstimate> Bottom { get; init; }

    /// <summary>True when every eigenvalue came from the dense matrix (n products, then a dense decomposition).</summary>
    public bool Dense { get; init; }

    /// <summary>The Hessian's trace estimate, when asked for.</summary>
    public TraceEstimate? Trace { get; init; }

    /// <summary>The spectral density estimate, when asked for.</summary>
    public DensityEstimate? Density { get; init; }

    /// <summary>Hessian-vector products spent in all.</summary>
    public required int Products { get; init; }

    /// <summary>Converged, or why not: cancelled (what was computed is kept), budget spent, or a product not finite.</summary>
    public required SpectrumCompletion Completion { get; init; }

    /// <summary>What the numbers mean, a sentence each (the stable learning rate, a saddle or a minimum, …).</summary>
    public required IReadOnlyList<string> Findings { get; init; }

    /// <summary>The largest eigenvalue found, or NaN.</summary>
    public double LargestEigenvalue => Top.Count > 0 ? Top[0].Value : double.NaN;

    /// <summary>The smallest eigenvalue found, or NaN.</summary>
    public double SmallestEigenvalue => Bottom.Count > 0 ? Bottom[0].Value : double.NaN;
}

/// <summary>Runs a <see cref="CurvatureRequest"/> on a Hessian and says what the numbers mean.</summary>
public static class CurvatureAnalysis
{
    /// <summary>
    /// Measures <paramref name="hessian"/> as <paramref name="request"/> asks. Cancellation ends the stage under way and
    /// skips the rest; what was computed is reported, with <see cref="SpectrumCompletion.Cancelled"/>.
    /// </summary>
    public static CurvatureReport Analyze(ISymmetricOperator hessian, CurvatureRequest request, ICurvatureObserver? observer = null,
        CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(request);
        int n = hessian.Dimension;
        request.Validate(n);
        IReadOnlyList<EigenEstimate> top = [], bottom = [];
        int products = 0;
        bool dense = false;
        var completion = SpectrumCompletion.Converged;
        if (request.Top + request.Bottom > 0)
        {
            if (request.IsDense(n))
            {
                (top, bottom, completion) = DenseExtremes(hessian, request, observer, cancel);
                products += n;
                dense = true;
            }
            else
            {
                var extremes = Lanczos.Extremes(hessian, request.Top, request.Bottom, request.Lanczos with { Seed = request.Seed }, observer, cancel);
                (top, bottom, completion) = (extremes.Top, extremes.Bottom, extremes.Completion);
                products += extremes.Products;
            }
        }
        TraceEstimate? trace = null;
        if (request.Trace && Continues(completion))
        {
            trace = HutchinsonTrace.Estimate(hessian, request.TraceProbes, request.Seed, observer, cancel);
            products += trace.Probes;
            completion = Worse(completion, trace.Completion);
        }
        DensityEstimate? density = null;
        if (request.Density && Continues(completion))
        {
            density = SpectralDensity.Estimate(hessian, request.DensitySettings with { Seed = request.Seed }, observer, cancel);
            products += density.Products;
            completion = Worse(completion, density.Completion);
        }
        return new CurvatureReport
        {
            Dimension = n, Top = top, Bottom = bottom, Dense = dense, Trace = trace, Density = density, Products = products,
            Completion = completion, Findings = CurvatureFindings.Describe(n, top, bottom, trace, density, dense, request),
        };
    }

    /// <summary>Later stages run after a converged or budget-limited one, not after a cancelled or non-finite one.</summary>
    private static bool Continues(SpectrumCompletion completion) =>
        completion is SpectrumCompletion.Converged or SpectrumCompletion.BudgetSpent;

    private static SpectrumCompletion Worse(SpectrumCompletion a, SpectrumCompletion b) => (SpectrumCompletion)Math.Max((int)a, (int)b);

    /// <summary>Every eigenvalue from H assembled by n products (exact to rounding: residual 0).</summary>
    private static (IReadOnlyList<EigenEstimate>, IReadOnlyList<EigenEstimate>, SpectrumCompletion) DenseExtremes(
        ISymmetricOperator hessian, CurvatureRequest request, ICurvatureObserver? observer, CancellationToken cancel)
    {
        int n = hessian.Dimension;
        var matrix = new double[(long)n * n];
        var unit = new double[n];
        var column = new double[n];
        for (int j = 0; j < n; j++)
        {
            if (cancel.IsCancellationRequested) return ([], [], SpectrumCompletion.Cancelled);
            unit[j] = 1;
            hessian.Multiply(unit, column);
            unit[j] = 0;
            if (column.Any(v => !double.IsFinite(v))) return ([], [], SpectrumCompletion.NotFinite);
            for (int i = 0; i < n; i++) matrix[i * n + j] = column[i];
            observer?.OnProgress(new CurvatureProgress("dense Hessian", j + 1, n));
        }
        var (values, vectors) = Analysis.Curvature.Eigen(matrix, n);
        EigenEstimate Pair(int k) =>
            new(values[k], 0, true, Enumerable.Range(0, n).Select(i => vectors[i * n + k]).ToArray());
        int bottomCount = Math.Min(request.Bottom, n), topCount = Math.Min(request.Top, n);
        return (Enumerable.Range(0, topCount).Select(i => Pair(n - 1 - i)).ToList(),
            Enumerable.Range(0, bottomCount).Select(Pair).ToList(), SpectrumCompletion.Converged);
    }
}
