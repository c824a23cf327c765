namespace Downhill;

/// <summary>
/// A library parameter named in an <see cref="InputException"/>'s message: written as its name ("epochs", "batch size");
/// a command that exposes the parameter as an option renames it to the flag ("--epochs", "--batch").
/// </summary>
/// <param name="Name">The parameter's name in the library's words.</param>
public readonly record struct ParameterName(string Name)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}
