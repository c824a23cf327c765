namespace Downhill.Plotting;

/// <summary>
/// Places a surface in a unit scene — x and y scaled to [−1, 1], z to [−<see cref="HalfHeight"/>, <see cref="HalfHeight"/>] —
/// and fits its bounding box, seen from the camera, into a pixel rectangle. The interactive page repeats this
/// arithmetic in its script, so static and rotated views agree.
/// </summary>
internal sealed class SurfaceScene
{
    /// <summary>Half the height of the scene box relative to its half-width: a surface reads best a little flattened.</summary>
    public const double HalfHeight = 0.7;

    private readonly double _xMin, _xMax, _yMin, _yMax;
    private readonly double _centreX, _centreY, _pixelsPerUnit;

    public SurfaceScene(SurfaceMark surface, double x, double y, double width, double height)
    {
        Surface = surface;
        _xMin = surface.Grid.Xs[0];
        _xMax = surface.Grid.Xs[^1];
        _yMin = surface.Grid.Ys[0];
        _yMax = surface.Grid.Ys[^1];
        (ZMin, ZMax) = surface.Grid.FiniteRange();
        if (!(ZMax > ZMin)) ZMax = ZMin + 1;
        double uMin = double.PositiveInfinity, uMax = double.NegativeInfinity, vMin = double.PositiveInfinity, vMax = double.NegativeInfinity;
        foreach (double cx in new[] { -1.0, 1 })
            foreach (double cy in new[] { -1.0, 1 })
                foreach (double cz in new[] { -HalfHeight, HalfHeight })
                {
                    var (u, v, _) = surface.Camera.Project(cx, cy, cz);
                    uMin = Math.Min(uMin, u); uMax = Math.Max(uMax, u);
                    vMin = Math.Min(vMin, v); vMax = Math.Max(vMax, v);
                }
        _pixelsPerUnit = 0.9 * Math.Min(width / (uMax - uMin), height / (vMax - vMin));
        _centreX = x + width / 2 - (uMin + uMax) / 2 * _pixelsPerUnit;
        _centreY = y + height / 2 + (vMin + vMax) / 2 * _pixelsPerUnit;
    }

    public SurfaceMark Surface { get; }
    public double ZMin { get; }
    public double ZMax { get; }

    /// <summary>Scene coordinates of a data point, z clamped to the grid's range.</summary>
    public (double X, double Y, double Z) ToScene(double x, double y, double z) =>
        (2 * (x - _xMin) / (_xMax - _xMin) - 1,
         2 * (y - _yMin) / (_yMax - _yMin) - 1,
         (2 * (Math.Clamp(z, ZMin, ZMax) - ZMin) / (ZMax - ZMin) - 1) * HalfHeight);

    /// <summary>Pixel position and depth (larger is farther) of a scene point.</summary>
    public (double X, double Y, double Depth) ToPixels((double X, double Y, double Z) p)
    {
        var (u, v, depth) = Surface.Camera.Project(p.X, p.Y, p.Z);
        return (_centreX + u * _pixelsPerUnit, _centreY - v * _pixelsPerUnit, depth);
    }

    /// <summary>Where z sits in the colour scale, 0 (lowest) to 1 (highest).</summary>
    public double ColorFraction(double z) => (z - ZMin) / (ZMax - ZMin);
}
