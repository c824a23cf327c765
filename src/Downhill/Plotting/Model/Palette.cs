namespace Downhill.Plotting;

/// <summary>
/// Colours that stay distinct for readers with any common colour-vision deficiency: the Okabe–Ito set for
/// categories (series, minima) and viridis for ordered values (heights, contour bands).
/// </summary>
public static class Palette
{
    /// <summary>Okabe &amp; Ito (2008), ordered so the first few read well on white and on viridis.</summary>
    public static readonly IReadOnlyList<Rgb> Categorical =
    [
        Rgb.FromHex("#0072B2"), // blue
        Rgb.FromHex("#D55E00"), // vermillion
        Rgb.FromHex("#009E73"), // bluish green
        Rgb.FromHex("#CC79A7"), // reddish purple
        Rgb.FromHex("#E69F00"), // orange
        Rgb.FromHex("#56B4E9"), // sky blue
        Rgb.FromHex("#000000"), // black
        Rgb.FromHex("#F0E442"), // yellow: last, it is faint on white
    ];

    /// <summary>Series colours on a viridis background, where blue and green would vanish into the bands.</summary>
    public static readonly IReadOnlyList<Rgb> OnViridis =
    [
        Rgb.FromHex("#D55E00"), // vermillion
        Rgb.FromHex("#FFFFFF"), // white
        Rgb.FromHex("#CC79A7"), // reddish purple
        Rgb.FromHex("#E69F00"), // orange
        Rgb.FromHex("#000000"), // black
        Rgb.FromHex("#56B4E9"), // sky blue
    ];

    /// <summary>Path colours on a shaded surface, drawn with a white casing.</summary>
    public static readonly IReadOnlyList<Rgb> OnSurface =
    [
        Rgb.FromHex("#D55E00"), // vermillion
        Rgb.FromHex("#000000"), // black
        Rgb.FromHex("#CC79A7"), // reddish purple
        Rgb.FromHex("#E69F00"), // orange
        Rgb.FromHex("#56B4E9"), // sky blue
    ];

    /// <summary>The i-th categorical colour, cycling.</summary>
    public static Rgb Category(int i) => Categorical[((i % Categorical.Count) + Categorical.Count) % Categorical.Count];

    /// <summary>Grey for "none of the categories" (a start that converged nowhere) and for undefined values.</summary>
    public static readonly Rgb Missing = Rgb.FromHex("#d9d9d9");

    /// <summary>Text, axes and tick marks.</summary>
    public static readonly Rgb Ink = Rgb.FromHex("#222222");

    /// <summary>Grid lines.</summary>
    public static readonly Rgb Grid = Rgb.FromHex("#e6e6e6");

    // matplotlib's viridis sampled at ten evenly spaced points; linear mixing between them is within a few
    // units of the full 256-entry table.
    private static readonly Rgb[] ViridisAnchors =
    [
        Rgb.FromHex("#440154"), Rgb.FromHex("#482878"), Rgb.FromHex("#3e4a89"), Rgb.FromHex("#31688e"),
        Rgb.FromHex("#26828e"), Rgb.FromHex("#1f9e89"), Rgb.FromHex("#35b779"), Rgb.FromHex("#6dcd59"),
        Rgb.FromHex("#b4de2c"), Rgb.FromHex("#fde725"),
    ];

    /// <summary>Viridis at <paramref name="t"/> in [0, 1] (dark purple to yellow); values outside are clamped.</summary>
    public static Rgb Viridis(double t)
    {
        if (double.IsNaN(t)) return Missing;
        double u = Math.Clamp(t, 0, 1) * (ViridisAnchors.Length - 1);
        int k = Math.Min((int)Math.Floor(u), ViridisAnchors.Length - 2);
        return ViridisAnchors[k].Mix(ViridisAnchors[k + 1], u - k);
    }

    /// <summary>The viridis anchors as hex, for the interactive page's own colour mapping.</summary>
    public static IEnumerable<string> ViridisHex => ViridisAnchors.Select(c => c.Hex);
}
