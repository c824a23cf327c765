namespace Downhill.Functions;

/// <summary>Shared by the hand-written any-N functions: their variable names and input checks.</summary>
internal static class AnyDimension
{
    /// <summary>x, y, z for up to three variables (so 2-D plots read naturally), else x1 … xn.</summary>
    public static IReadOnlyList<string> VariableNames(int n) =>
        n <= 3 ? new[] { "x", "y", "z" }[..n] : Enumerable.Range(1, n).Select(i => $"x{i}").ToArray();

    public static void Check(int length, int expected, string name)
    {
        // The throw in a method of its own keeps this small enough to inline into every gradient.
        if (length != expected) ThrowWrongLength(length, expected, name);
    }

    private static void ThrowWrongLength(int length, int expected, string name) =>
        throw new ArgumentException($"{name} has length {length}, expected {expected}", name);
}
