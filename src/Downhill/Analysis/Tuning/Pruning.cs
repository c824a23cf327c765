using Downhill.Specs;

namespace Downhill.Analysis.Tuning;

/// <summary>Which rule stops a trial early from the metric it reports after every epoch.</summary>
public enum PruningRule
{
    /// <summary>Every trial runs to its end.</summary>
    None,
    /// <summary>The median rule: stop a trial whose metric at epoch e is worse than the median of the others' at e.</summary>
    Median,
    /// <summary>Asynchronous successive halving: at rung epochs m·ηⁱ keep only the best 1/η of the trials so far.</summary>
    Asha,
}

/// <summary>
/// A pruning rule and its settings. The trials a trial is compared with are the study's lower-numbered trials that
/// reached the same epoch (whether they went on or were pruned there): a set fixed by the trial's number alone, so
/// which trials are pruned does not depend on how many workers run the study or how fast, unlike a comparison with
/// "whatever has finished by now".
/// </summary>
/// <param name="Rule">The rule.</param>
/// <param name="Startup">Median rule: prune only once this many lower-numbered trials reached the epoch.</param>
/// <param name="Warmup">Median rule: never prune before this epoch.</param>
/// <param name="MinEpochs">ASHA: the first rung's epoch m.</param>
/// <param name="Reduction">ASHA: η, the rungs' spacing (m, mη, mη², …) and the share 1/η promoted at each.</param>
public sealed record Pruning(PruningRule Rule, int Startup = 5, int Warmup = 1, int MinEpochs = 1, int Reduction = 3)
{
    /// <summary>No pruning.</summary>
    public static Pruning None { get; } = new(PruningRule.None);

    /// <summary>
    /// Parses <c>none</c>, <c>median[:startup=5,warmup=1]</c> or <c>asha[:min=1,eta=3]</c>.
    /// </summary>
    public static Pruning Parse(string text)
    {
        var spec = Spec.Parse(text, "pruning rule");
        switch (spec.Name)
        {
            case "none":
                spec.RejectUnknownKeys([], "pruning rule");
                return None;
            case "median":
                spec.RejectUnknownKeys(["startup", "warmup"], "pruning rule");
                return Checked(new Pruning(PruningRule.Median, Startup: spec.GetInt("startup", 5), Warmup: spec.GetInt("warmup", 1)));
            case "asha":
                spec.RejectUnknownKeys(["min", "eta"], "pruning rule");
                return Checked(new Pruning(PruningRule.Asha, MinEpochs: spec.GetInt("min", 1), Reduction: spec.GetInt("eta", 3)));
            default:
                throw new InputException($"unknown pruning rule '{spec.Name}' (expected none, median or asha)", text, 0);
        }
    }

    private static Pruning Checked(Pruning p)
    {
        if (p.Startup < 1) throw new InputException($"median:startup must be at least 1, not {p.Startup}");
        if (p.Warmup < 1) throw new InputException($"median:warmup must be at least 1, not {p.Warmup}");
        if (p.MinEpochs < 1) throw new InputException($"asha:min must be at least 1, not {p.MinEpochs}");
        if (p.Reduction < 2) throw new InputException($"asha:eta must be at least 2, not {p.Reduction}");
        return p;
    }

    /// <summary>Whether the rule looks at the metric of <paramref name="epoch"/> (1-based).</summary>
    public bool Checks(int epoch)
    {
        switch (Rule)
        {
            case PruningRule.Median:
                return epoch >= Warmup;
            case PruningRule.Asha:
                for (long rung = MinEpochs; rung <= epoch; rung *= Reduction)
                    if (rung == epoch) return true;
                return false;
            default:
                return false;
        }
    }

    /// <summary>
    /// Whether a trial whose metric at a checked epoch is <paramref name="value"/> stops there, given the metrics at
    /// that epoch of the lower-numbered trials that reached it (<paramref name="others"/>). NaN counts as worst.
    /// </summary>
    public bool Prunes(double value, IReadOnlyList<double> others, bool maximize)
    {
        // Ranked so that smaller is better whatever the direction; NaN last.
        double Key(double v) => double.IsNaN(v) ? double.PositiveInfinity : maximize ? -v : v;
        double own = Key(value);
        switch (Rule)
        {
            case PruningRule.Median:
            {
                var known = others.Where(v => !double.IsNaN(v)).Select(Key).Order().ToArray();
                if (others.Count < Startup || known.Length == 0) return false;
                int n = known.Length;
                double median = n % 2 == 1 ? known[n / 2] : 0.5 * (known[n / 2 - 1] + known[n / 2]);
                return own > median || double.IsNaN(value);
            }
            case PruningRule.Asha:
            {
                var competing = others.Select(Key).Append(own).Order().ToArray();
                int promotable = Math.Max(0, competing.Length / Reduction - 1);
                return own > competing[promotable] || double.IsNaN(value);
            }
            default:
                return false;
        }
    }

    /// <summary>The rule as <see cref="Parse"/> reads it.</summary>
    public override string ToString() => Rule switch
    {
        PruningRule.Median => $"median:startup={Startup},warmup={Warmup}",
        PruningRule.Asha => $"asha:min={MinEpochs},eta={Reduction}",
        _ => "none",
    };
}
