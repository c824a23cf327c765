using System.CommandLine;
using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Cli;

/// <summary>
/// --clip-grad-norm MAX[:norm_type=P] and --clip-grad-value V, torch's two remedies for exploding gradients, for every
/// command that steps a first-order optimizer (minimize, compare, sweep, tune, train).
/// </summary>
internal sealed class ClippingOptions
{
    public Option<string?> Norm { get; } = new("--clip-grad-norm")
    {
        Description = "MAX[:norm_type=2]: before each step scale the gradient down to total norm MAX (torch's clip_grad_norm_; norm_type=inf for the largest |component|)",
    };

    public Option<string?> Value { get; } = new("--clip-grad-value")
    {
        Description = "V: before each step clamp every gradient component to [-V, V] (torch's clip_grad_value_)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Norm);
        command.Options.Add(Value);
    }

    /// <summary>The clipping asked for, or null; bad thresholds are <see cref="InputException"/>s naming the flag.</summary>
    public GradientClipping? Read(ParseResult result)
    {
        string? norm = result.GetValue(Norm), value = result.GetValue(Value);
        if (norm is not null && value is not null)
            throw new InputException("give --clip-grad-norm or --clip-grad-value, not both");
        if (value is not null) return GradientClipping.ByValue(Positive(Spec.ParseDouble(value, "--clip-grad-value"), "--clip-grad-value", value));
        if (norm is null) return null;
        int colon = norm.IndexOf(':');
        string maxText = colon < 0 ? norm : norm[..colon];
        double max = Positive(Spec.ParseDouble(maxText, "--clip-grad-norm"), "--clip-grad-norm", maxText);
        double normType = 2;
        if (colon >= 0)
        {
            string setting = norm[(colon + 1)..];
            if (!setting.StartsWith("norm_type=", StringComparison.Ordinal))
                throw new InputException($"--clip-grad-norm: expected MAX or MAX:norm_type=P, not '{norm}'", norm, colon + 1);
            string p = setting["norm_type=".Length..];
            normType = Spec.ParseDouble(p, "--clip-grad-norm norm_type");
            if (!(normType > 0)) throw new InputException($"--clip-grad-norm norm_type must be a positive number or inf, not '{p}'");
        }
        return GradientClipping.ByNorm(max, normType);
    }

    private static double Positive(double value, string flag, string text) =>
        value > 0 && double.IsFinite(value) ? value : throw new InputException($"{flag} must be a positive number, not '{text}'");
}
