using System.Globalization;
using Downhill.IO;

namespace Downhill.Specs;

/// <summary>One hyperparameter in effect, default or given: a name (torch.optim's) and its value.</summary>
/// <remarks><see cref="Value"/> is a <see cref="double"/>, <see cref="int"/>, <see cref="bool"/> or <see cref="string"/>.</remarks>
public sealed record Hyperparameter(string Name, object Value)
{
    /// <summary>The value as written on the command line (invariant culture, round-trippable).</summary>
    public string FormattedValue => Value switch
    {
        double d => Format(d),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Value.ToString() ?? "",
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Name}={FormattedValue}";

    /// <summary>Shortest round-trippable form with a lower-case exponent, as Python prints it: 0.001, 1e-08, 1e+20.</summary>
    public static string Format(double value) => RoundTrip.Format(value).Replace('E', 'e');
}
