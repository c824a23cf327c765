using Downhill.IO;
using Downhill.Running;

namespace Downhill.Analysis.Tuning;

/// <summary>One drawn value of a searched hyperparameter: a number, or one of a list of choices.</summary>
/// <param name="Name">The hyperparameter.</param>
/// <param name="Value">The number; for a choice, the choice read as a number (NaN when it is not one, such as "tanh").</param>
/// <param name="Choice">The chosen item of a list of choices; null for a number drawn from a range.</param>
public sealed record Setting(string Name, double Value, string? Choice = null)
{
    /// <summary>The value as it is written into a spec or a table: the choice, or the number round-trip.</summary>
    public string Text => Choice ?? RoundTrip.Format(Value);

    /// <summary>The value as a method's hyperparameter takes it: the number, or the choice's text.</summary>
    public object Argument => Choice is null ? Value : Choice;

    /// <summary>A choice: its text, with its value read as a number where it is one.</summary>
    public static Setting Chosen(string name, string choice) =>
        new(name, double.TryParse(choice, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v) ? v : double.NaN, choice);

    /// <summary><c>name=text</c>.</summary>
    public override string ToString() => $"{Name}={Text}";
}

/// <summary>Setting a trial's values on a method.</summary>
public static class TrialSettings
{
    /// <summary><paramref name="method"/> with each of a trial's <paramref name="settings"/> set through <see cref="IMethod.With"/>.</summary>
    /// <exception cref="InputException">A key the method does not have, or a value it refuses.</exception>
    public static IMethod With(this IMethod method, IEnumerable<Setting> settings)
    {
        ArgumentNullException.ThrowIfNull(method);
        foreach (var s in settings) method = method.With(s.Name, s.Argument);
        return method;
    }
}
