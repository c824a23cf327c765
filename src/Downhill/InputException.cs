namespace Downhill;

/// <summary>
/// Bad input from a user: a malformed expression, an unknown name, a value out of range.
/// Misuse is an exception; outcomes of a run (divergence, running out of iterations) are results, never this.
/// </summary>
/// <remarks>
/// Where the input is a piece of text (an expression, a spec), <see cref="Text"/> and <see cref="Position"/>
/// locate the bad spot so the command can print a caret under it.
/// </remarks>
public sealed class InputException : Exception
{
    public InputException(string message) : base(message) { }

    public InputException(string message, string text, int position) : base(message)
    {
        Text = text;
        Position = Math.Clamp(position, 0, text.Length);
    }

    /// <summary>The text that holds the error, when there is one.</summary>
    public string? Text { get; }

    /// <summary>Index in <see cref="Text"/> of the bad spot (may equal the length: "at the end").</summary>
    public int Position { get; }

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
