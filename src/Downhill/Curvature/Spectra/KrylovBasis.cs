using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Downhill.Curvature.Spectra;

/// <summary>
/// An orthonormal basis v₀ … v_{j−1} of a Krylov space of a symmetric H, with the projection T = Vᵀ·H·V, grown one
/// product at a time: the Lanczos process with full reorthogonalization. Each new H·v_j is orthogonalized against every
/// vector kept, twice (classical Gram–Schmidt twice, enough to keep the basis orthonormal to rounding), so no ghost
/// copies of converged eigenvalues appear (Paige 1976), and the coefficients fill column j of T. In exact arithmetic T is
/// tridiagonal (with an arrowhead after a thick restart); here every coefficient is kept and T symmetrized, so the
/// Rayleigh–Ritz values are those of the basis actually built.
/// </summary>
internal sealed class KrylovBasis
{
    private readonly ISymmetricOperator _operator;
    private double[][] _vectors;
    private double[][] _spare;
    private readonly double[] _t;
    private readonly double[] _product;
    private readonly double[] _coefficients;
    private readonly ulong _seed;
    private int _refills;

    /// <summary>Room for <paramref name="capacity"/> vectors (and one more: the next direction) of the operator's length.</summary>
    public KrylovBasis(ISymmetricOperator op, int capacity, ulong seed)
    {
        _operator = op;
        Capacity = Math.Min(capacity, op.Dimension);
        int n = op.Dimension;
        _vectors = new double[Capacity + 1][];
        for (int i = 0; i <= Capacity; i++) _vectors[i] = new double[n];
        _spare = [];
        _t = new double[Capacity * Capacity];
        _product = new double[n];
        _coefficients = new double[Capacity];
        _seed = seed;
    }

    /// <summary>The most vectors the basis holds.</summary>
    public int Capacity { get; }

    /// <summary>The vectors in the basis now.</summary>
    public int Count { get; private set; }

    /// <summary>‖w‖ of the last expansion: the coupling of the basis to the next direction (0 once it is invariant).</summary>
    public double Beta { get; private set; }

    /// <summary>Hessian-vector products spent.</summary>
    public int Products { get; private set; }

    /// <summary>Empties the basis and makes <paramref name="start"/>, normalized, its next direction.</summary>
    public void Start(ReadOnlySpan<double> start)
    {
        Count = 0;
        Beta = 0;
        Array.Clear(_t);
        start.CopyTo(_vectors[0]);
        double norm = TensorPrimitives.Norm<double>(_vectors[0]);
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("the start vector must be finite and nonzero", nameof(start));
        TensorPrimitives.Divide<double>(_vectors[0], norm, _vectors[0]);
    }

    /// <summary>Basis vector <paramref name="i"/>.</summary>
    public ReadOnlySpan<double> Vector(int i) => _vectors[i];

    /// <summary>
    /// Adds the next direction to the basis: w = H·v_j, orthogonalized twice against v₀ … v_j, fills column j of T, and
    /// makes w/‖w‖ the next direction. If w vanishes (the space is invariant) the next direction is a fresh random one
    /// orthogonal to the basis, with coupling 0. False when H·v is not finite (nothing is added).
    /// </summary>
    public bool Expand()
    {
        int j = Count;
        if (j >= Capacity) throw new InvalidOperationException("the basis is full");
        var v = _vectors[j];
        _operator.Multiply(v, _product);
        Products++;
        if (!double.IsFinite(TensorPrimitives.Sum<double>(_product))) return false;
        double scale = TensorPrimitives.Norm<double>(_product);
        Array.Clear(_coefficients);
        Orthogonalize(_product, j + 1, _coefficients);
        Orthogonalize(_product, j + 1, _coefficients);
        int m = Capacity;
        for (int i = 0; i <= j; i++) _t[i * m + j] = _t[j * m + i] = _coefficients[i];
        Count = j + 1;
        double beta = TensorPrimitives.Norm<double>(_product);
        // Past n vectors, or a w lost in the rounding of the orthogonalization, the space is invariant: H maps the basis
        // into itself, and every Ritz pair is exact.
        if (Count == _operator.Dimension || beta <= 1e-12 * Math.Max(scale, double.Epsilon))
        {
            Beta = 0;
            if (Count < _operator.Dimension) Refill(_vectors[Count]);
            return true;
        }
        Beta = beta;
        TensorPrimitives.Divide<double>(_product, beta, _vectors[Count]);
        return true;
    }

    /// <summary>A random direction orthogonal to the basis, when the Krylov space closes before the basis is full.</summary>
    private void Refill(double[] target)
    {
        Probes.Gaussian(target, _seed ^ 0xF111, _refills++);
        var ignored = new double[Count];
        Orthogonalize(target, Count, ignored);
        Orthogonalize(target, Count, ignored);
        TensorPrimitives.Divide<double>(target, TensorPrimitives.Norm<double>(target), target);
    }

    /// <summary>w −= Σᵢ (vᵢ·w)·vᵢ over the first <paramref name="count"/> vectors, adding each vᵢ·w to coefficients[i].</summary>
    private void Orthogonalize(Span<double> w, int count, Span<double> coefficients)
    {
        for (int i = 0; i < count; i++)
        {
            double h = TensorPrimitives.Dot<double>(_vectors[i], w);
            coefficients[i] += h;
            TensorPrimitives.MultiplyAdd<double>(_vectors[i], -h, w, w);
        }
    }

    /// <summary>
    /// The Ritz pairs of the basis: the eigenvalues θ of T (ascending) and T's eigenvectors S (row-major Count×Count,
    /// column k for θ_k). The residual ‖H·y − θ·y‖ of Ritz vector y = V·s is <see cref="Beta"/>·|s_last|.
    /// </summary>
    public (double[] Values, double[] Vectors) Ritz()
    {
        int j = Count, m = Capacity;
        var t = new double[j * j];
        for (int r = 0; r < j; r++)
            for (int c = 0; c < j; c++) t[r * j + c] = _t[r * m + c];
        return Analysis.Curvature.Eigen(t, j);
    }

    /// <summary>The Ritz vector V·s for column <paramref name="k"/> of <paramref name="s"/> (Count×Count), into <paramref name="target"/>.</summary>
    public void RitzVector(double[] s, int k, Span<double> target)
    {
        int j = Count;
        target.Clear();
        for (int i = 0; i < j; i++) TensorPrimitives.MultiplyAdd<double>(_vectors[i], s[i * j + k], target, target);
    }

    /// <summary>
    /// Thick restart: keeps the Ritz vectors of columns <paramref name="keep"/> of <paramref name="s"/> as the new
    /// basis (T becomes diag(θ) on them) and the current next direction after them, so the process continues where it
    /// was with the wanted directions whole and the rest discarded (Wu and Simon, 2000).
    /// </summary>
    public void Restart(double[] values, double[] s, IReadOnlyList<int> keep)
    {
        int kept = keep.Count, m = Capacity;
        if (_spare.Length < kept + 1)
        {
            var grown = new double[kept + 1][];
            for (int i = 0; i < grown.Length; i++) grown[i] = i < _spare.Length ? _spare[i] : new double[_operator.Dimension];
            _spare = grown;
        }
        for (int k = 0; k < kept; k++) RitzVector(s, keep[k], _spare[k]);
        // The next direction stays next; the old vectors become the spares.
        (_spare[kept], _vectors[Count]) = (_vectors[Count], _spare[kept]);
        for (int k = 0; k <= kept; k++) (_vectors[k], _spare[k]) = (_spare[k], _vectors[k]);
        Array.Clear(_t);
        for (int k = 0; k < kept; k++) _t[k * m + k] = values[keep[k]];
        Count = kept;
    }
}
