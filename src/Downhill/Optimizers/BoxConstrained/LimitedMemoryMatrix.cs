using System.Numerics.Tensors;

namespace Downhill.Optimizers.BoxConstrained;

/// <summary>
/// The limited-memory BFGS approximation of the Hessian in compact form (Byrd, Nocedal &amp; Schnabel 1994), as
/// L-BFGS-B keeps it:
/// <code>
/// B = θI − W·M·Wᵀ,   W = [Y  θS],   M = [−D  Lᵀ; L  θSᵀS]⁻¹
/// </code>
/// from the last <c>col</c> ≤ m pairs sᵢ = xᵢ₊₁ − xᵢ, yᵢ = ∇fᵢ₊₁ − ∇fᵢ, with D = diag(sᵢᵀyᵢ), L the strictly lower
/// triangle of SᵀY and θ = yᵀy/sᵀy of the newest pair. It stores S and Y in a ring of m slots (oldest at
/// <see cref="Head"/>), SᵀY, SᵀS, and the Cholesky factor Jᵀ of T = θSᵀS + LD⁻¹Lᵀ, from which M·v is two triangular
/// solves (<see cref="MultiplyMiddle"/>).
/// </summary>
/// <remarks>Small matrices are column-major with leading dimension m, as the reference code's, so each routine
/// reads as the algorithm does.</remarks>
internal sealed class LimitedMemoryMatrix
{
    private readonly int _n, _m;
    private int _tail;

    public LimitedMemoryMatrix(int dimension, int history)
    {
        _n = dimension;
        _m = history;
        S = new double[_m * _n];
        Y = new double[_m * _n];
        SY = new double[_m * _m];
        SS = new double[_m * _m];
        T = new double[_m * _m];
        Reset();
    }

    /// <summary>Slot k of the ring holds sₖ at [k·n, (k+1)·n).</summary>
    public double[] S { get; }

    /// <summary>Slot k of the ring holds yₖ at [k·n, (k+1)·n).</summary>
    public double[] Y { get; }

    /// <summary>SᵀY (column-major, m×m; pairs in age order, oldest first): its lower triangle is kept.</summary>
    public double[] SY { get; }

    /// <summary>SᵀS: its upper triangle is kept.</summary>
    public double[] SS { get; }

    /// <summary>Jᵀ, the upper Cholesky factor of θSᵀS + LD⁻¹Lᵀ.</summary>
    public double[] T { get; }

    /// <summary>The history length m.</summary>
    public int History => _m;

    /// <summary>θ, the scale of B₀ = θI.</summary>
    public double Theta { get; private set; }

    /// <summary>The slot of the oldest pair.</summary>
    public int Head { get; private set; }

    /// <summary>How many pairs are stored (col).</summary>
    public int Count { get; private set; }

    /// <summary>Pairs added since the last reset.</summary>
    public int Updates { get; private set; }

    /// <summary>The slot of the pair <paramref name="age"/> places after the oldest.</summary>
    public int Slot(int age) => (Head + age) % _m;

    /// <summary>sₖ in slot <paramref name="slot"/>.</summary>
    public ReadOnlySpan<double> SAt(int slot) => S.AsSpan(slot * _n, _n);

    /// <summary>yₖ in slot <paramref name="slot"/>.</summary>
    public ReadOnlySpan<double> YAt(int slot) => Y.AsSpan(slot * _n, _n);

    /// <summary>Forgets every pair: B = I.</summary>
    public void Reset()
    {
        Count = 0;
        Head = 0;
        Theta = 1;
        Updates = 0;
    }

    /// <summary>
    /// Adds the pair (s, y) with yᵀy = <paramref name="yy"/>, sᵀy = <paramref name="sy"/> and sᵀs = <paramref name="ss"/>,
    /// dropping the oldest when m are stored, and refactors T. Returns false when T is not positive definite (the
    /// caller then resets).
    /// </summary>
    public bool Add(ReadOnlySpan<double> s, ReadOnlySpan<double> y, double yy, double sy, double ss)
    {
        Updates++;
        if (Updates <= _m)
        {
            Count = Updates;
            _tail = (Head + Updates - 1) % _m;
        }
        else
        {
            _tail = (_tail + 1) % _m;
            Head = (Head + 1) % _m;
        }
        s.CopyTo(S.AsSpan(_tail * _n, _n));
        y.CopyTo(Y.AsSpan(_tail * _n, _n));
        Theta = yy / sy;

        int col = Count;
        if (Updates > _m)
        {
            // Drop the oldest pair: shift SᵀS's upper and SᵀY's lower triangle up and left by one.
            for (int j = 0; j < col - 1; j++)
            {
                for (int i = 0; i <= j; i++) SS[i + j * _m] = SS[i + 1 + (j + 1) * _m];
                for (int i = j; i < col - 1; i++) SY[i + j * _m] = SY[i + 1 + (j + 1) * _m];
            }
        }
        int newest = col - 1;
        for (int j = 0; j < col - 1; j++)
        {
            int slot = Slot(j);
            SY[newest + j * _m] = TensorPrimitives.Dot(s, YAt(slot));
            SS[j + newest * _m] = TensorPrimitives.Dot(SAt(slot), s);
        }
        SS[newest + newest * _m] = ss;
        SY[newest + newest * _m] = sy;
        return FactorT();
    }

    /// <summary>T = θSᵀS + LD⁻¹Lᵀ (upper triangle), then T = JJᵀ with Jᵀ in place.</summary>
    private bool FactorT()
    {
        int col = Count;
        for (int j = 0; j < col; j++) T[j * _m] = Theta * SS[j * _m];
        for (int i = 1; i < col; i++)
        {
            for (int j = i; j < col; j++)
            {
                double sum = 0;
                for (int k = 0; k < i; k++) sum += SY[i + k * _m] * SY[j + k * _m] / SY[k + k * _m];
                T[i + j * _m] = sum + Theta * SS[i + j * _m];
            }
        }
        return Triangular.CholeskyUpper(T, 0, _m, col);
    }

    /// <summary>
    /// p = M·v for a 2·col vector v: with M⁻¹ = [−D  Lᵀ; L  θSᵀS] factored as
    /// [D^½  0; −LD^−½  J]·[−D^½  D^−½Lᵀ; 0  Jᵀ], two block triangular solves. False when J is singular.
    /// </summary>
    public bool MultiplyMiddle(ReadOnlySpan<double> v, Span<double> p)
    {
        int col = Count;
        if (col == 0) return true;
        // First [D^½ 0; −LD^−½ J]·[p₁; p₂] = [v₁; v₂]: J·p₂ = v₂ + LD⁻¹v₁.
        p[col] = v[col];
        for (int i = 1; i < col; i++)
        {
            double sum = 0;
            for (int k = 0; k < i; k++) sum += SY[i + k * _m] * v[k] / SY[k + k * _m];
            p[col + i] = v[col + i] + sum;
        }
        if (!Triangular.SolveTransposed(T, 0, _m, col, p[col..])) return false;
        for (int i = 0; i < col; i++) p[i] = v[i] / Math.Sqrt(SY[i + i * _m]);

        // Then [−D^½ D^−½Lᵀ; 0 Jᵀ]·[p₁; p₂] = [p₁; p₂]: Jᵀp₂ = p₂, p₁ = −D^−½p₁ + D⁻¹Lᵀp₂.
        if (!Triangular.Solve(T, 0, _m, col, p[col..])) return false;
        for (int i = 0; i < col; i++) p[i] = -p[i] / Math.Sqrt(SY[i + i * _m]);
        for (int i = 0; i < col; i++)
        {
            double sum = 0;
            for (int k = i + 1; k < col; k++) sum += SY[k + i * _m] * p[col + k] / SY[i + i * _m];
            p[i] += sum;
        }
        return true;
    }
}
