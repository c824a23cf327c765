namespace Downhill.Tests.Analysis;

/// <summary>The hand-coded test functions' derivatives agree with central finite differences.</summary>
public class HandObjectiveTests
{
    public static TheoryData<string> Names => new() { "himmelblau", "peaks", "x^2-y^2", "x^3", "monkey", "tanh", "easom", "valley50", "bowl4", "rastrigin3" };

    internal static HandObjective ByName(string name) => name switch
    {
        "himmelblau" => HandObjective.Himmelblau,
        "peaks" => HandObjective.Peaks,
        "x^2-y^2" => HandObjective.SaddleXY,
        "x^3" => HandObjective.Cubic,
        "monkey" => HandObjective.MonkeySaddle,
        "tanh" => HandObjective.Tanh,
        "easom" => HandObjective.Easom,
        "valley50" => HandObjective.Valley(50),
        "bowl4" => HandObjective.Bowl(4),
        "rastrigin3" => HandObjective.Rastrigin(3),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void DerivativesMatchFiniteDifferences(string name)
    {
        var f = ByName(name);
        foreach (double[] x in new[] { new[] { 0.3, -1.2, 0.7, 2.1 }, new[] { -1.7, 0.4, -0.2, 0.9 }, new[] { 2.5, 2.9, 1.0, -1.0 } })
            DerivativeCheck.Assert(f, x[..f.Dimension]);
    }
}
