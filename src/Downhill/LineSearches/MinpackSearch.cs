namespace Downhill.LineSearches;

/// <summary>What <see cref="MinpackSearch"/> asks for next.</summary>
internal enum MinpackStatus
{
    /// <summary>Evaluate φ and φ′ at the step it set, then call <see cref="MinpackSearch.Next"/>.</summary>
    Evaluate,
    /// <summary>The last step meets the sufficient-decrease and curvature conditions.</summary>
    Converged,
    /// <summary>The search can make no more progress (rounding, the interval tolerance, a step bound): the last step stands.</summary>
    Warning,
    /// <summary>The arguments were inconsistent (a step outside its bounds, φ′(0) ≥ 0).</summary>
    Error,
}

/// <summary>
/// MINPACK-2's <c>dcsrch</c> (Moré &amp; Thuente 1994) as a state machine the caller drives: it proposes steps t, the
/// caller evaluates φ(t) = f(x + t·d) and φ′(t) and reports them, until
/// <code>
/// φ(t) ≤ φ(0) + ftol·t·φ′(0)   and   |φ′(t)| ≤ gtol·|φ′(0)|
/// </code>
/// or no progress is possible. Steps stay in [stpmin, stpmax], so a caller can bound them by the distance to a box's
/// face. Each trial comes from <see cref="MoreThuente.SafeguardedStep"/>; while no trial has met sufficient decrease
/// with a non-negative slope the auxiliary ψ(t) = φ(t) − φ(0) − ftol·t·φ′(0) is used, and the interval is bisected when
/// two steps did not shrink it by a third.
/// </summary>
internal struct MinpackSearch
{
    private const double ExtrapolateLow = 1.1, ExtrapolateHigh = 4.0;

    private double ftol, gtol, xtol, stpmin, stpmax;
    private bool bracketed, auxiliary;
    private double finit, ginit, gtest, width, width1;
    private MoreThuente.End low, high;
    private double stmin, stmax;

    /// <summary>Starts a search from φ(0) = <paramref name="f"/>, φ′(0) = <paramref name="g"/>, first trying <paramref name="step"/>.</summary>
    public MinpackStatus Start(double f, double g, double step, double ftol, double gtol, double xtol, double stpmin, double stpmax)
    {
        if (step < stpmin || step > stpmax || g >= 0 || ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin)
            return MinpackStatus.Error;
        (this.ftol, this.gtol, this.xtol, this.stpmin, this.stpmax) = (ftol, gtol, xtol, stpmin, stpmax);
        bracketed = false;
        auxiliary = true;
        finit = f;
        ginit = g;
        gtest = ftol * ginit;
        width = stpmax - stpmin;
        width1 = width / 0.5;
        low = new MoreThuente.End(0, finit, ginit);
        high = low;
        stmin = 0;
        stmax = step + ExtrapolateHigh * step;
        return MinpackStatus.Evaluate;
    }

    /// <summary>Takes φ(<paramref name="step"/>) = <paramref name="f"/> and φ′ = <paramref name="g"/>; sets the next step when it returns Evaluate.</summary>
    public MinpackStatus Next(double f, double g, ref double step)
    {
        double ftest = finit + step * gtest;
        if (auxiliary && f <= ftest && g >= 0) auxiliary = false;

        var status = MinpackStatus.Evaluate;
        if (bracketed && (step <= stmin || step >= stmax)) status = MinpackStatus.Warning;
        if (bracketed && stmax - stmin <= xtol * stmax) status = MinpackStatus.Warning;
        if (step == stpmax && f <= ftest && g <= gtest) status = MinpackStatus.Warning;
        if (step == stpmin && (f > ftest || g >= gtest)) status = MinpackStatus.Warning;
        if (f <= ftest && Math.Abs(g) <= gtol * -ginit) status = MinpackStatus.Converged;
        if (status != MinpackStatus.Evaluate) return status;

        if (auxiliary && f <= low.F && f > ftest)
        {
            // ψ's values and slopes: shift by the sufficient-decrease line.
            var lowPsi = new MoreThuente.End(low.Step, low.F - low.Step * gtest, low.Slope - gtest);
            var highPsi = new MoreThuente.End(high.Step, high.F - high.Step * gtest, high.Slope - gtest);
            var trialPsi = new MoreThuente.End(step, f - step * gtest, g - gtest);
            step = MoreThuente.SafeguardedStep(ref lowPsi, ref highPsi, trialPsi, ref bracketed, stmin, stmax);
            low = new MoreThuente.End(lowPsi.Step, lowPsi.F + lowPsi.Step * gtest, lowPsi.Slope + gtest);
            high = new MoreThuente.End(highPsi.Step, highPsi.F + highPsi.Step * gtest, highPsi.Slope + gtest);
        }
        else
        {
            step = MoreThuente.SafeguardedStep(ref low, ref high, new MoreThuente.End(step, f, g), ref bracketed, stmin, stmax);
        }

        if (bracketed)
        {
            if (Math.Abs(high.Step - low.Step) >= 0.66 * width1) step = low.Step + 0.5 * (high.Step - low.Step);
            width1 = width;
            width = Math.Abs(high.Step - low.Step);
            stmin = Math.Min(low.Step, high.Step);
            stmax = Math.Max(low.Step, high.Step);
        }
        else
        {
            stmin = step + ExtrapolateLow * (step - low.Step);
            stmax = step + ExtrapolateHigh * (step - low.Step);
        }
        step = Math.Min(Math.Max(step, stpmin), stpmax);
        if ((bracketed && (step <= stmin || step >= stmax)) || (bracketed && stmax - stmin <= xtol * stmax)) step = low.Step;
        return MinpackStatus.Evaluate;
    }
}
