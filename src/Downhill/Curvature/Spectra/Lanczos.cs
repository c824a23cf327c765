namespace Downhill.Curvature.Spectra;

/// <summary>
/// The largest and the smallest (most negative) eigenvalues of a symmetric operator, with eigenvectors, by Lanczos
/// with full reorthogonalization and thick restarts: the basis grows to <see cref="LanczosOptions.BasisSize"/> vectors,
/// the Ritz pairs are computed, and, until every wanted one has converged, the basis restarts from the wanted Ritz
/// vectors and a few more at each end (Wu and Simon's thick restart), so memory stays bounded however many products it
/// takes. Both ends converge from the same start vector, drawn from the seed.
/// </summary>
/// <remarks>
/// A Ritz value θ with Ritz vector y has residual r = ‖H·y − θ·y‖ = β·|s_last|, and some eigenvalue of H lies within r
/// of θ (H is symmetric), so a Ritz value is reported converged when r ≤ tolerance·|θ|: its relative error is then at
/// most the tolerance. An eigenvalue whose residual exceeds |θ| has an uncertain sign, and says so.
/// </remarks>
public static class Lanczos
{
    /// <summary>
    /// The <paramref name="top"/> largest and <paramref name="bottom"/> smallest eigenvalues of <paramref name="h"/>,
    /// each with its eigenvector and residual. Stops when all have converged, when the product budget is spent, when a
    /// product is not finite, or when <paramref name="cancel"/> fires (with the best values so far).
    /// </summary>
    public static ExtremeEigenvalues Extremes(ISymmetricOperator h, int top, int bottom, LanczosOptions? options = null,
        ICurvatureObserver? observer = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(h);
        options ??= new LanczosOptions();
        options.Validate();
        int n = h.Dimension;
        if (top < 0) throw new ArgumentOutOfRangeException(nameof(top), top, "cannot be negative");
        if (bottom < 0) throw new ArgumentOutOfRangeException(nameof(bottom), bottom, "cannot be negative");
        if (top + bottom == 0) throw new ArgumentException("ask for at least one eigenvalue", nameof(top));
        if (top + bottom > n) throw new ArgumentOutOfRangeException(nameof(top), top + bottom, $"the operator has {n} eigenvalues");
        int wanted = top + bottom;
        int capacity = Math.Min(n, Math.Max(options.BasisSize ?? Math.Max(2 * wanted + 20, 40), wanted + 10));
        var basis = new KrylovBasis(h, capacity, options.Seed);
        var start = new double[n];
        Probes.Gaussian(start, options.Seed, 0);
        basis.Start(start);

        int restarts = 0;
        var completion = SpectrumCompletion.Converged;
        (double[] Values, double[] Vectors) ritz;
        while (true)
        {
            while (basis.Count < basis.Capacity)
            {
                if (cancel.IsCancellationRequested) { completion = SpectrumCompletion.Cancelled; break; }
                if (!basis.Expand()) { completion = SpectrumCompletion.NotFinite; break; }
                observer?.OnProgress(new CurvatureProgress("lanczos", basis.Products, null, null));
                if (basis.Count == n) break;
            }
            if (basis.Count == 0)
                return new ExtremeEigenvalues([], [], basis.Products, restarts, completion);
            ritz = basis.Ritz();
            if (completion != SpectrumCompletion.Converged) break;
            var (topIndices, bottomIndices) = Ends(ritz.Values.Length, top, bottom);
            bool converged = topIndices.Concat(bottomIndices).All(k => Residual(basis, ritz.Vectors, k) <= options.Tolerance * Math.Abs(ritz.Values[k]));
            observer?.OnProgress(new CurvatureProgress("lanczos", basis.Products, null, ritz.Values[^1]));
            if (converged || basis.Beta == 0 || basis.Count == n) break;
            if (basis.Products >= options.MaxProducts) { completion = SpectrumCompletion.BudgetSpent; break; }
            basis.Restart(ritz.Values, ritz.Vectors, Keep(ritz.Values.Length, top, bottom, basis.Capacity));
            restarts++;
        }
        var (tops, bottoms) = Ends(ritz.Values.Length, top, bottom);
        EigenEstimate Estimate(int k)
        {
            double residual = Residual(basis, ritz.Vectors, k);
            var vector = new double[n];
            basis.RitzVector(ritz.Vectors, k, vector);
            return new EigenEstimate(ritz.Values[k], residual, residual <= options.Tolerance * Math.Abs(ritz.Values[k]), vector);
        }
        var largest = tops.Select(Estimate).ToList();
        var smallest = bottoms.Select(Estimate).ToList();
        if (completion == SpectrumCompletion.Converged && !largest.Concat(smallest).All(e => e.Converged))
            completion = SpectrumCompletion.BudgetSpent;
        return new ExtremeEigenvalues(largest, smallest, basis.Products, restarts, completion);
    }

    /// <summary>β·|s_last,k|: the residual of Ritz pair k.</summary>
    private static double Residual(KrylovBasis basis, double[] s, int k)
    {
        int j = basis.Count;
        return basis.Beta * Math.Abs(s[(j - 1) * j + k]);
    }

    /// <summary>The indices (into ascending Ritz values) of the largest, largest first, and of the smallest, smallest
    /// first; as many as there are Ritz values, sharing none.</summary>
    private static (int[] Top, int[] Bottom) Ends(int count, int top, int bottom)
    {
        int b = Math.Min(bottom, count);
        int t = Math.Min(top, count - b);
        return (Enumerable.Range(0, t).Select(i => count - 1 - i).ToArray(), Enumerable.Range(0, b).ToArray());
    }

    /// <summary>
    /// The Ritz vectors a thick restart keeps: the wanted ones at each end and half the rest of the basis beside them,
    /// shared between the ends in proportion to what each wants, so each cycle adds about half a basis of new directions.
    /// </summary>
    private static int[] Keep(int count, int top, int bottom, int capacity)
    {
        int wanted = top + bottom;
        int extra = Math.Max(1, (capacity - wanted) / 2);
        int keepBottom = bottom == 0 ? 0 : bottom + extra * bottom / wanted;
        int keepTop = top == 0 ? 0 : Math.Min(count - keepBottom, top + extra - (keepBottom - bottom));
        return Enumerable.Range(0, keepBottom).Concat(Enumerable.Range(count - keepTop, keepTop)).Distinct().ToArray();
    }
}

/// <summary>How Lanczos runs: the relative tolerance of each eigenvalue, the basis size, the product budget, the seed.</summary>
public sealed record LanczosOptions
{
    /// <summary>An eigenvalue has converged when its residual is at most this times its magnitude (its relative error is then at most this).</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Vectors kept before a restart (null: 2·wanted + 20, at least 40, at most n).</summary>
    public int? BasisSize { get; init; }

    /// <summary>Stop after about this many Hessian-vector products (a whole restart cycle at a time).</summary>
    public int MaxProducts { get; init; } = 1000;

    /// <summary>Seeds the start vector (and any fresh direction): the same seed gives the same eigenvalues on any number of threads.</summary>
    public ulong Seed { get; init; }

    /// <summary>Throws naming the first setting out of range.</summary>
    public void Validate()
    {
        if (!(Tolerance > 0 && Tolerance < 1)) throw new ArgumentOutOfRangeException(nameof(Tolerance), Tolerance, "between 0 and 1 (exclusive)");
        if (BasisSize is < 2) throw new ArgumentOutOfRangeException(nameof(BasisSize), BasisSize, "at least 2");
        if (MaxProducts < 1) throw new ArgumentOutOfRangeException(nameof(MaxProducts), MaxProducts, "at least 1");
    }
}

/// <summary>Why a spectrum computation stopped.</summary>
public enum SpectrumCompletion
{
    /// <summary>Every asked-for value reached its tolerance (or is exact).</summary>
    Converged,
    /// <summary>The product budget ran out first: the values are the best so far, with their residuals.</summary>
    BudgetSpent,
    /// <summary>Cancelled (Ctrl+C): the values are the best so far.</summary>
    Cancelled,
    /// <summary>A Hessian-vector product was NaN or infinite (the loss is not finite near the point).</summary>
    NotFinite,
}

/// <summary>
/// One eigenvalue estimate: the Ritz value, its residual ‖H·y − θ·y‖ (an eigenvalue lies within it), whether that met
/// the tolerance, and the unit Ritz vector y.
/// </summary>
public sealed record EigenEstimate(double Value, double Residual, bool Converged, double[] Vector)
{
    /// <summary>True when the residual cannot reach across zero: the eigenvalue's sign is the estimate's.</summary>
    public bool SignIsCertain => Residual < Math.Abs(Value);
}

/// <summary>The largest eigenvalues (largest first) and the smallest (smallest first), products spent, restarts, why it stopped.</summary>
public sealed record ExtremeEigenvalues(IReadOnlyList<EigenEstimate> Top, IReadOnlyList<EigenEstimate> Bottom, int Products,
    int Restarts, SpectrumCompletion Completion);
