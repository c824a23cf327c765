using System.Globalization;
using System.Runtime.CompilerServices;

namespace Downhill;

/// <summary>
/// An interpolated <see cref="InputException"/> message that remembers which holes are <see cref="ParameterName"/>s,
/// so a command can rename them to its flags. Values are formatted with the invariant culture, as the library's
/// output always is.
/// </summary>
[InterpolatedStringHandler]
public readonly struct InputMessage
{
    private readonly List<object> _parts;

    /// <summary>Starts a message (called by the compiler for an interpolated string).</summary>
    public InputMessage(int literalLength, int formattedCount) => _parts = new List<object>(2 * formattedCount + 1);

    /// <summary>The literal text and formatted values in order, with each <see cref="ParameterName"/> kept as itself.</summary>
    internal IReadOnlyList<object> Parts => _parts;

    /// <summary>Appends literal text.</summary>
    public void AppendLiteral(string literal) => _parts.Add(literal);

    /// <summary>Appends a value.</summary>
    public void AppendFormatted<T>(T value) => AppendFormatted(value, 0, null);

    /// <summary>Appends a value in <paramref name="format"/>.</summary>
    public void AppendFormatted<T>(T value, string? format) => AppendFormatted(value, 0, format);

    /// <summary>Appends a value aligned and in <paramref name="format"/>.</summary>
    public void AppendFormatted<T>(T value, int alignment, string? format = null)
    {
        if (value is ParameterName parameter && alignment == 0 && format is null)
        {
            _parts.Add(parameter);
            return;
        }
        string text = value is IFormattable formattable ? formattable.ToString(format, CultureInfo.InvariantCulture) : value?.ToString() ?? "";
        _parts.Add(alignment == 0 ? text : alignment > 0 ? text.PadLeft(alignment) : text.PadRight(-alignment));
    }

    /// <summary>Appends text.</summary>
    public void AppendFormatted(string? value) => _parts.Add(value ?? "");

    /// <summary>The message with each parameter written as its name.</summary>
    public override string ToString() => string.Concat(_parts);
}
