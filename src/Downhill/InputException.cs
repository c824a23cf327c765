namespace Downhill;

/// <summary>
/// Bad input from a user: a malformed expression, an unknown name, a value out of range.
/// Misuse is an exception; outcomes of a run (divergence, running out of iterations) are results, never this.
/// </summary>
/// <remarks>
/// Where the input is a piece of text (an expression, a spec), <see cref="Text"/> and <see cref="Position"/>
/// locate the bad spot so the command can print a caret under it. The message names a setting by its parameter
/// (<c>$"{new ParameterName("epochs")} must be at least 1"</c> reads "epochs must be at least 1"), never by a
/// command-line flag: a command renames the parameters to its options with <see cref="RenameParameters"/>.
/// </remarks>
public sealed class InputException : Exception
{
    private readonly IReadOnlyList<object> _parts;

    /// <summary>Bad input described by <paramref name="message"/>.</summary>
    public InputException(string message) : this(message, null, 0, [message]) { }

    /// <summary>Bad input in <paramref name="text"/> at <paramref name="position"/> (a caret goes under it).</summary>
    public InputException(string message, string text, int position) : this(message, text, position, [message]) { }

    /// <summary>A message whose <see cref="ParameterName"/> holes a command may rename.</summary>
    public InputException(InputMessage message) : this(message.ToString(), null, 0, message.Parts) { }

    /// <summary>A message whose <see cref="ParameterName"/> holes a command may rename, about a spot in <paramref name="text"/>.</summary>
    public InputException(InputMessage message, string text, int position) : this(message.ToString(), text, position, message.Parts) { }

    private InputException(string message, string? text, int position, IReadOnlyList<object> parts) : base(message)
    {
        Text = text;
        Position = text is null ? 0 : Math.Clamp(position, 0, text.Length);
        _parts = parts;
    }

    /// <summary>The text that holds the error, when there is one.</summary>
    public string? Text { get; }

    /// <summary>Index in <see cref="Text"/> of the bad spot (may equal the length: "at the end").</summary>
    public int Position { get; }

    /// <summary>The parameters the message names, in order.</summary>
    public IReadOnlyList<string> Parameters => _parts.OfType<ParameterName>().Select(p => p.Name).ToList();

    /// <summary>
    /// This error with every parameter the message names written as <paramref name="name"/> writes it: a command
    /// passes the map from parameter to option ("epochs" → "--epochs"), so its user reads the flag they typed.
    /// </summary>
    public InputException RenameParameters(Func<string, string> name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var parts = _parts.Select(p => p is ParameterName parameter ? name(parameter.Name) : p).ToList();
        return new InputException(string.Concat(parts), Text, Position, parts);
    }

    /// <summary>
    /// The message, then (for text input) the text and a caret under the bad spot; control characters in either are
    /// shown as escapes (see <see cref="PrintableText"/>), with the caret still under the bad spot.
    /// </summary>
    public string Describe()
    {
        string message = PrintableText.Escape(Message);
        if (Text is null) return message;
        int caret = PrintableText.Escape(Text[..Position]).Length;
        return $"{message}{Environment.NewLine}  {PrintableText.Escape(Text)}{Environment.NewLine}  {new string(' ', caret)}^";
    }
}
