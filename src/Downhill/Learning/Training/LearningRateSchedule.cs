using System.Globalization;
using Downhill.Specs;
using Downhill.IO;

namespace Downhill.Learning.Training;

/// <summary>
/// The learning rate epoch by epoch, with torch.optim.lr_scheduler's names, parameters and semantics (the
/// scheduler stepped once at the end of each epoch): <c>constant</c>, <c>step:step_size=S[,gamma=0.1]</c>,
/// <c>exponential:gamma=G</c>, <c>cosine:T_max=T[,eta_min=0]</c>, <c>linear[:start_factor=1/3,end_factor=1,total_iters=5]</c>
/// (LinearLR, the linear warm-up) and <c>plateau[:factor=0.1,patience=10,threshold=1e-4,cooldown=0,min_lr=0]</c>
/// (ReduceLROnPlateau on the validation loss, mode min, relative threshold).
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The spec that recreates this schedule.</summary>
    public abstract string Spec { get; }

    /// <summary>The rate in effect during epoch <paramref name="epoch"/> (0-based) for a base rate.</summary>
    public abstract double Rate(int epoch, double baseRate);

    /// <summary>Told the monitored loss at the end of each epoch (only <c>plateau</c> listens).</summary>
    public virtual void EndEpoch(int epoch, double baseRate, double monitoredLoss) { }

    /// <summary>State beyond the epoch number, for checkpoints.</summary>
    public virtual double[] SaveState() => [];

    /// <summary>Restores what <see cref="SaveState"/> returned, after <see cref="CheckState"/>.</summary>
    public void LoadState(double[] state)
    {
        CheckState(state);
        Restore(state);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> unless <paramref name="state"/> has the shape <see cref="SaveState"/> gives.</summary>
    public virtual void CheckState(double[] state)
    {
        if (state.Length != 0) throw new InvalidDataException($"schedule {Spec} has no state to restore");
    }

    /// <summary>Sets the state from checked numbers.</summary>
    private protected virtual void Restore(double[] state)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => Spec;

    /// <summary>Parses a schedule spec; errors name the bad key.</summary>
    public static LearningRateSchedule Parse(string text)
    {
        var spec = Specs.Spec.Parse(text, "schedule");
        switch (spec.Name)
        {
            case "constant":
                spec.RejectUnknownKeys([], "schedule");
                return new Closed(text, (_, lr) => lr);
            case "step":
            {
                spec.RejectUnknownKeys(["step_size", "gamma"], "schedule");
                int size = Required(spec, "step_size", text);
                if (size <= 0) throw new InputException("step:step_size must be positive", text, text.IndexOf("step_size", StringComparison.Ordinal));
                double gamma = spec.GetDouble("gamma", 0.1);
                return new Closed(text, (e, lr) => lr * Math.Pow(gamma, e / size));
            }
            case "exponential":
            {
                spec.RejectUnknownKeys(["gamma"], "schedule");
                if (spec["gamma"] is null) throw new InputException("exponential needs gamma, e.g. exponential:gamma=0.9", text, text.Length);
                double gamma = spec.GetDouble("gamma", 1);
                return new Closed(text, (e, lr) => lr * Math.Pow(gamma, e));
            }
            case "cosine":
            {
                spec.RejectUnknownKeys(["T_max", "eta_min"], "schedule");
                int tMax = Required(spec, "T_max", text);
                if (tMax <= 0) throw new InputException("cosine:T_max must be positive", text, text.IndexOf("T_max", StringComparison.Ordinal));
                double etaMin = spec.GetDouble("eta_min", 0);
                return new Closed(text, (e, lr) => etaMin + (lr - etaMin) * (1 + Math.Cos(Math.PI * e / tMax)) / 2);
            }
            case "linear" or "warmup":
            {
                spec.RejectUnknownKeys(["start_factor", "end_factor", "total_iters"], "schedule");
                double start = spec.GetDouble("start_factor", 1.0 / 3);
                double end = spec.GetDouble("end_factor", 1.0);
                int total = spec.GetInt("total_iters", 5);
                if (!(start > 0 && start <= 1) || !(end >= 0 && end <= 1) || total < 0)
                    throw new InputException("linear needs 0 < start_factor ≤ 1, 0 ≤ end_factor ≤ 1 and total_iters ≥ 0", text, 0);
                return new Closed(text, (e, lr) => lr * (total == 0 ? end : start + (end - start) * Math.Min(e, total) / total));
            }
            case "plateau":
                spec.RejectUnknownKeys(["factor", "patience", "threshold", "cooldown", "min_lr"], "schedule");
                double factor = spec.GetDouble("factor", 0.1);
                if (!(factor > 0 && factor < 1)) throw new InputException("plateau:factor must be between 0 and 1", text, text.IndexOf("factor", StringComparison.Ordinal));
                return new Plateau(text, factor, spec.GetInt("patience", 10), spec.GetDouble("threshold", 1e-4),
                    spec.GetInt("cooldown", 0), spec.GetDouble("min_lr", 0));
            default:
                throw new InputException($"unknown schedule '{spec.Name}'; valid: constant, step, exponential, cosine, linear, plateau", text, 0);
        }
    }

    private static int Required(Spec spec, string key, string text) =>
        spec[key] is null
            ? throw new InputException($"{spec.Name} needs {key}, e.g. {spec.Name}:{key}=10", text, text.Length)
            : spec.GetInt(key, 0);

    /// <summary>A schedule with a closed form in the epoch number.</summary>
    private sealed class Closed(string spec, Func<int, double, double> rate) : LearningRateSchedule
    {
        public override string Spec => spec;
        public override double Rate(int epoch, double baseRate) => rate(epoch, baseRate);
    }

    /// <summary>
    /// ReduceLROnPlateau: after more than <c>patience</c> epochs whose loss is not below best·(1 − threshold), the
    /// rate is multiplied by <c>factor</c> (not below <c>min_lr</c>), then <c>cooldown</c> epochs pass unwatched.
    /// </summary>
    private sealed class Plateau(string spec, double factor, int patience, double threshold, int cooldown, double minRate)
        : LearningRateSchedule
    {
        private double _rate = double.NaN, _best = double.PositiveInfinity;
        private int _badEpochs, _cooldownLeft;

        public override string Spec => spec;

        public override double Rate(int epoch, double baseRate) => double.IsNaN(_rate) ? baseRate : _rate;

        public override void EndEpoch(int epoch, double baseRate, double loss)
        {
            if (double.IsNaN(_rate)) _rate = baseRate;
            if (loss < _best * (1 - threshold)) { _best = loss; _badEpochs = 0; }
            else _badEpochs++;
            if (_cooldownLeft > 0) { _cooldownLeft--; _badEpochs = 0; }
            if (_badEpochs > patience)
            {
                double reduced = Math.Max(_rate * factor, minRate);
                if (_rate - reduced > 1e-8) _rate = reduced;
                _cooldownLeft = cooldown;
                _badEpochs = 0;
            }
        }

        public override double[] SaveState() => [_rate, _best, _badEpochs, _cooldownLeft];

        public override void CheckState(double[] state)
        {
            if (state.Length != 4) throw new InvalidDataException("a plateau schedule's state is four numbers");
            if (!(double.IsFinite(state[0]) && state[0] >= 0) || double.IsNaN(state[1]) || !IsCount(state[2]) || !IsCount(state[3]))
                throw new InvalidDataException("a plateau schedule's state must be a finite rate ≥ 0, a loss and two counts");
        }

        private static bool IsCount(double v) => v >= 0 && v <= int.MaxValue && v == Math.Floor(v);

        private protected override void Restore(double[] state) =>
            (_rate, _best, _badEpochs, _cooldownLeft) = (state[0], state[1], (int)state[2], (int)state[3]);
    }
}
