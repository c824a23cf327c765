using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Tests.Analysis;

/// <summary>Plain gradient descent from the method registry.</summary>
public static class Gd
{
    public static IMethod WithLr(double lr) => Methods.Parse(FormattableString.Invariant($"gd:lr={lr:R}"));
}
