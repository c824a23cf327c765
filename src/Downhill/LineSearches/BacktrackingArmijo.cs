using Downhill.Functions;
using Downhill.Specs;

namespace Downhill.LineSearches;

/// <summary>
/// Backtracking line search with the Armijo (sufficient decrease) condition: from the initial step t₀, take
/// t ← ρ·t until f(x + t·d) ≤ f(x) + c₁·t·∇f(x)ᵀd (Nocedal and Wright, Algorithm 3.1). c₁ = 10⁻⁴, ρ = ½, at most 60
/// halvings; when none succeeds x stays where it was (step 0).
/// </summary>
public sealed class BacktrackingArmijo : LineSearch
{
    /// <summary>Backtracking from the initial step by <paramref name="shrink"/> until Armijo's condition with <paramref name="c1"/> holds, at most <paramref name="maxSteps"/> times.</summary>
    public BacktrackingArmijo(double c1 = 1e-4, double shrink = 0.5, int maxSteps = 60)
    {
        if (!(c1 > 0 && c1 < 1)) throw new InputException($"armijo c1 must be in (0, 1), not {c1}");
        if (!(shrink > 0 && shrink < 1)) throw new InputException($"armijo shrink factor must be in (0, 1), not {shrink}");
        if (maxSteps < 1) throw new InputException($"armijo needs at least 1 step, not {maxSteps}");
        C1 = c1;
        Shrink = shrink;
        MaxSteps = maxSteps;
    }

    /// <summary>Armijo's sufficient-decrease constant.</summary>
    public double C1 { get; }
    /// <summary>The factor each backtrack multiplies the step by.</summary>
    public double Shrink { get; }
    /// <summary>The most backtracks.</summary>
    public int MaxSteps { get; }
    /// <inheritdoc/>
    public override string Name => "armijo";
    /// <inheritdoc/>
    public override IReadOnlyList<Hyperparameter> Hyperparameters => [new("c1", C1), new("shrink", Shrink)];
    /// <inheritdoc/>
    public override LineSearchRun Start(int dimension) => new Run(this, dimension);

    private sealed class Run(BacktrackingArmijo settings, int dimension) : LineSearchRun
    {
        private readonly double[] _origin = new double[dimension];
        private readonly double[] _originGradient = new double[dimension];

        public override LineSearchResult Search(Span<double> x, ref double f, Span<double> gradient,
            ReadOnlySpan<double> direction, double slope, double initialStep, CountingObjective objective)
        {
            x.CopyTo(_origin);
            gradient.CopyTo(_originGradient);
            double f0 = f, t = initialStep;
            for (int k = 1; k <= settings.MaxSteps; k++, t *= settings.Shrink)
            {
                double trial = EvaluateAlong(_origin, t, direction, x, gradient, objective);
                if (trial <= f0 + settings.C1 * t * slope)
                {
                    f = trial;
                    return new LineSearchResult(t, k, true);
                }
            }
            _origin.CopyTo(x);
            _originGradient.CopyTo(gradient);
            return new LineSearchResult(0, settings.MaxSteps, false);
        }
    }
}
