using Downhill.Constraints;

namespace Downhill.Optimizers.BoxConstrained;

/// <summary>
/// Which variables L-BFGS-B holds at a bound and which it moves: each variable's kind of bounds, its status at the
/// generalized Cauchy point, the free variables (the subspace of the next step), and which of them entered or left
/// the free set since the previous iteration (so the subspace matrix is updated, not rebuilt).
/// </summary>
internal sealed class ActiveSet
{
    /// <summary>Status: the variable has no bounds and is always free.</summary>
    public const int Unbounded = -1;
    /// <summary>Status: free, with bounds, and moved by the Cauchy step.</summary>
    public const int Free = 0;
    /// <summary>Status: free, with bounds, with a zero gradient (not moved).</summary>
    public const int Stationary = -3;
    /// <summary>Status: held at its lower bound.</summary>
    public const int AtLower = 1;
    /// <summary>Status: held at its upper bound.</summary>
    public const int AtUpper = 2;

    private readonly int _n;

    public ActiveSet(Bounds bounds)
    {
        _n = bounds.Dimension;
        Lower = bounds.Lower.ToArray();
        Upper = bounds.Upper.ToArray();
        HasLower = new bool[_n];
        HasUpper = new bool[_n];
        Status = new int[_n];
        Index = new int[_n];
        Changes = new int[_n];
        Boxed = true;
        for (int i = 0; i < _n; i++)
        {
            HasLower[i] = double.IsFinite(Lower[i]);
            HasUpper[i] = double.IsFinite(Upper[i]);
            Constrained |= HasLower[i] || HasUpper[i];
            Boxed &= HasLower[i] && HasUpper[i];
            Status[i] = HasLower[i] || HasUpper[i] ? Free : Unbounded;
            Index[i] = i;
        }
        FreeCount = _n;
        LeavingStart = _n;
    }

    public double[] Lower { get; }
    public double[] Upper { get; }
    public bool[] HasLower { get; }
    public bool[] HasUpper { get; }

    /// <summary>Whether any variable has a bound (false: plain L-BFGS).</summary>
    public bool Constrained { get; }

    /// <summary>Whether every variable has both bounds.</summary>
    public bool Boxed { get; }

    /// <summary>Each variable's status (<see cref="Free"/>, <see cref="AtLower"/>, …), set by the Cauchy search.</summary>
    public int[] Status { get; }

    /// <summary>The free variables in Index[0..FreeCount), the variables at a bound after them.</summary>
    public int[] Index { get; }

    /// <summary>How many variables are free.</summary>
    public int FreeCount { get; private set; }

    /// <summary>Variables that became free in Changes[0..Entering); variables that became bound in Changes[LeavingStart..n).</summary>
    public int[] Changes { get; }

    /// <summary>How many variables entered the free set at the last <see cref="Refresh"/>.</summary>
    public int Entering { get; private set; }

    /// <summary>Where the variables that left the free set start in <see cref="Changes"/>.</summary>
    public int LeavingStart { get; private set; }

    /// <summary>Whether <see cref="Refresh"/> found the free set changed.</summary>
    public bool Changed => Entering > 0 || LeavingStart < _n;

    /// <summary>
    /// Rebuilds the free set from <see cref="Status"/> after a Cauchy search, recording (past the first iteration)
    /// the variables that entered and left it.
    /// </summary>
    public void Refresh(bool afterFirstIteration)
    {
        Entering = 0;
        LeavingStart = _n;
        if (afterFirstIteration && Constrained)
        {
            for (int i = 0; i < FreeCount; i++)
            {
                int k = Index[i];
                if (Status[k] > 0) Changes[--LeavingStart] = k;
            }
            for (int i = FreeCount; i < _n; i++)
            {
                int k = Index[i];
                if (Status[k] <= 0) Changes[Entering++] = k;
            }
        }
        int free = 0, bound = _n;
        for (int i = 0; i < _n; i++)
        {
            if (Status[i] <= 0) Index[free++] = i;
            else Index[--bound] = i;
        }
        FreeCount = free;
    }
}
