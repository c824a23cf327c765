using System.Globalization;
using Downhill.Specs;

namespace Downhill.Cli;

/// <summary>Parsing of the command's value syntax shared by every subcommand: points, bounds, lists.</summary>
internal static class CliValues
{
    /// <summary>A point such as <c>1,-2.5,3e-1</c>; each bad entry is named with the option it came from.</summary>
    public static double[] ParseVector(string text, string option)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw new InputException($"{option}: expected comma-separated numbers, got nothing");
        string[] parts = text.Split(',');
        var values = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])
                || !double.IsFinite(values[i]))
                throw new InputException($"{option}: '{parts[i]}' (entry {i + 1}) is not a finite number");
        }
        return values;
    }

    /// <summary>Bounds such as <c>-2:2,-1:3</c> (one <c>low:high</c> per variable, or one pair for all).</summary>
    public static (double Low, double High)[] ParseBounds(string text, string option, int dimension)
    {
        string[] parts = text.Split(',');
        var bounds = new (double, double)[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            int colon = parts[i].IndexOf(':', 1);
            if (colon < 0)
                throw new InputException($"{option}: '{parts[i]}' (entry {i + 1}) is not low:high");
            double low = Spec.ParseDouble(parts[i][..colon], $"{option} entry {i + 1} low");
            double high = Spec.ParseDouble(parts[i][(colon + 1)..], $"{option} entry {i + 1} high");
            if (!(low < high))
                throw new InputException($"{option}: entry {i + 1} has low {low} not below high {high}");
            bounds[i] = (low, high);
        }
        if (bounds.Length == 1 && dimension > 1)
            return Enumerable.Repeat(bounds[0], dimension).ToArray();
        if (bounds.Length != dimension)
            throw new InputException($"{option}: {bounds.Length} ranges given for a function of {dimension} variables");
        return bounds;
    }

    /// <summary>Checks that a point has the function's dimension.</summary>
    public static double[] RequireDimension(double[] point, int dimension, string option) =>
        point.Length == dimension
            ? point
            : throw new InputException($"{option}: {point.Length} values given for a function of {dimension} variables");
}
