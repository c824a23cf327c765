namespace Downhill.Plotting;

/// <summary>
/// Where a 3-D view looks from: <see cref="Azimuth"/> turns the scene about the vertical axis (0° looks along +y,
/// from the −y side), <see cref="Elevation"/> tilts the eye above the x–y plane (90° looks straight down).
/// </summary>
public readonly record struct Camera(double Azimuth, double Elevation)
{
    /// <summary>A three-quarter view from above the −x, −y corner, which shows most surfaces well.</summary>
    public static Camera Default => new(-55, 30);

    /// <summary>
    /// Rotates a point of the unit scene (x, y in [−1, 1], z up) into view coordinates: u to the right,
    /// v up the screen, depth away from the eye (larger is farther). The projection is orthographic.
    /// </summary>
    public (double U, double V, double Depth) Project(double x, double y, double z)
    {
        double a = Azimuth * Math.PI / 180, e = Elevation * Math.PI / 180;
        double ca = Math.Cos(a), sa = Math.Sin(a), ce = Math.Cos(e), se = Math.Sin(e);
        double u = x * ca - y * sa;
        double forward = x * sa + y * ca; // into the screen, in the ground plane
        return (u, forward * se + z * ce, forward * ce - z * se);
    }
}
