using Downhill.Optimizers;
using Downhill.Specs;

namespace Downhill.Tests.Optimizers;

/// <summary>
/// Every optimizer, with settings suited to it, reaches the minimum of an ill-conditioned quadratic. With a constant
/// learning rate the adaptive methods end up hovering within about lr of it, and the tolerances say so.
/// </summary>
public class ConvergenceTests
{
    // f(x) = ½ Σ dᵢ xᵢ², condition number 100, minimum 0 at the origin.
    private static readonly double[] Curvatures = [0.1, 1, 3, 10];

    /// <summary>
    /// Settings suited to each optimizer, by its registry name, with the distance to the minimum each must reach; the
    /// cases are the registry's names, so a new optimizer fails here until it is given its own.
    /// </summary>
    private static readonly Dictionary<string, (string Spec, double Tolerance)[]> Settings = new()
    {
        ["sgd"] = [("sgd:lr=0.15", 1e-8)],
        ["gd"] = [("gd:lr=0.15", 1e-8)],
        ["momentum"] = [("momentum:lr=0.05", 1e-8)],
        ["nesterov"] = [("nesterov:lr=0.05", 1e-8)],
        ["adagrad"] = [("adagrad:lr=0.5", 1e-6)],
        ["rmsprop"] = [("rmsprop:lr=0.001", 3e-3), ("rmsprop:lr=0.001,centered=true,momentum=0.5", 3e-3)],
        ["adadelta"] = [("adadelta", 5e-2)], // slow on the flat direction (torch: 0.031 after 3000 steps)
        ["adam"] = [("adam:lr=0.01", 1e-3), ("adam:lr=0.01,amsgrad=true", 1e-3)],
        ["adamw"] = [("adamw:lr=0.01,weight_decay=0.001", 1e-3)],
        ["nadam"] = [("nadam:lr=0.01", 1e-3)],
        ["radam"] = [("radam:lr=0.01", 1e-3)],
        ["adamax"] = [("adamax:lr=0.01", 1e-3)],
        ["lion"] = [("lion:lr=0.001", 2e-3)], // every coordinate steps by lr: it ends oscillating within about lr
    };

    /// <summary>Every first-order optimizer the registry declares.</summary>
    public static TheoryData<string> Optimizers => new(FirstOrderOptimizers.Names);

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void ReachesTheMinimumOfAQuadratic(string name)
    {
        Assert.True(Settings.TryGetValue(name, out var cases), $"{name} has no convergence settings in ConvergenceTests: give it its own");
        foreach (var (spec, tolerance) in cases) Reaches(spec, tolerance);
    }

    private static void Reaches(string spec, double tolerance)
    {
        Assert.True(FirstOrderOptimizers.TryCreate(Spec.Parse(spec), out var optimizer));
        double[] x = [1, -1, 1, -1], g = new double[4];
        var state = optimizer!.CreateState<double>(4);
        for (int k = 0; k < 3000; k++)
        {
            for (int i = 0; i < 4; i++) g[i] = Curvatures[i] * x[i];
            state.Step(x, g, optimizer.LearningRate);
        }
        double distance = Math.Sqrt(x.Sum(v => v * v));
        Assert.True(distance <= tolerance, $"{spec}: ‖x − x*‖ = {distance:G3} after 3000 steps");
    }
}
