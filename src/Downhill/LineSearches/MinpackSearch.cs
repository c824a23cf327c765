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

    private double _ftol, _gtol, _xtol, _stpmin, _stpmax;
    private bool _bracketed, _auxiliary;
    private double _finit, _ginit, _gtest, _width, _width1;
    private MoreThuente.End _low, _high;
    private double _stmin, _stmax;

    /// <summary>Starts a search from φ(0) = <paramref name="f"/>, φ′(0) = <paramref name="g"/>, first trying <paramref name="step"/>.</summary>
    public MinpackStatus Start(double f, double g, double step, double ftol, double gtol, double xtol, double stpmin, double stpmax)
    {
        if (step < stpmin || step > stpmax || g >= 0 || ftol < 0 || gtol < 0 || xtol < 0 || stpmin < 0 || stpmax < stpmin)
            return MinpackStatus.Error;
        (this._ftol, this._gtol, this._xtol, this._stpmin, this._stpmax) = (ftol, gtol, xtol, stpmin, stpmax);
        _bracketed = false;
        _auxiliary = true;
        _finit = f;
        _ginit = g;
        _gtest = ftol * _ginit;
        _width = stpmax - stpmin;
        _width1 = _width / 0.5;
        _low = new MoreThuente.End(0, _finit, _ginit);
        _high = _low;
        _stmin = 0;
        _stmax = step + ExtrapolateHigh * step;
        return MinpackStatus.Evaluate;
    }

    /// <summary>Takes φ(<paramref name="step"/>) = <paramref name="f"/> and φ′ = <paramref name="g"/>; sets the next step when it returns Evaluate.</summary>
    public MinpackStatus Next(double f, double g, ref double step)
    {
        double ftest = _finit + step * _gtest;
        if (_auxiliary && f <= ftest && g >= 0) _auxiliary = false;

        var status = MinpackStatus.Evaluate;
        if (_bracketed && (step <= _stmin || step >= _stmax)) status = MinpackStatus.Warning;
        if (_bracketed && _stmax - _stmin <= _xtol * _stmax) status = MinpackStatus.Warning;
        if (step == _stpmax && f <= ftest && g <= _gtest) status = MinpackStatus.Warning;
        if (step == _stpmin && (f > ftest || g >= _gtest)) status = MinpackStatus.Warning;
        if (f <= ftest && Math.Abs(g) <= _gtol * -_ginit) status = MinpackStatus.Converged;
        if (status != MinpackStatus.Evaluate) return status;

        if (_auxiliary && f <= _low.F && f > ftest)
        {
            // ψ's values and slopes: shift by the sufficient-decrease line.
            var lowPsi = new MoreThuente.End(_low.Step, _low.F - _low.Step * _gtest, _low.Slope - _gtest);
            var highPsi = new MoreThuente.End(_high.Step, _high.F - _high.Step * _gtest, _high.Slope - _gtest);
            var trialPsi = new MoreThuente.End(step, f - step * _gtest, g - _gtest);
            step = MoreThuente.SafeguardedStep(ref lowPsi, ref highPsi, trialPsi, ref _bracketed, _stmin, _stmax);
            _low = new MoreThuente.End(lowPsi.Step, lowPsi.F + lowPsi.Step * _gtest, lowPsi.Slope + _gtest);
            _high = new MoreThuente.End(highPsi.Step, highPsi.F + highPsi.Step * _gtest, highPsi.Slope + _gtest);
        }
        else
        {
            step = MoreThuente.SafeguardedStep(ref _low, ref _high, new MoreThuente.End(step, f, g), ref _bracketed, _stmin, _stmax);
        }

        if (_bracketed)
        {
            if (Math.Abs(_high.Step - _low.Step) >= 0.66 * _width1) step = _low.Step + 0.5 * (_high.Step - _low.Step);
            _width1 = _width;
            _width = Math.Abs(_high.Step - _low.Step);
            _stmin = Math.Min(_low.Step, _high.Step);
            _stmax = Math.Max(_low.Step, _high.Step);
        }
        else
        {
            _stmin = step + ExtrapolateLow * (step - _low.Step);
            _stmax = step + ExtrapolateHigh * (step - _low.Step);
        }
        step = Math.Min(Math.Max(step, _stpmin), _stpmax);
        if ((_bracketed && (step <= _stmin || step >= _stmax)) || (_bracketed && _stmax - _stmin <= _xtol * _stmax)) step = _low.Step;
        return MinpackStatus.Evaluate;
    }
}
