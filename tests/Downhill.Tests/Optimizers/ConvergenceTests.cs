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

    [Theory]
    [InlineData("gd:lr=0.15", 1e-8)]
    [InlineData("momentum:lr=0.05", 1e-8)]
    [InlineData("nesterov:lr=0.05", 1e-8)]
    [InlineData("adagrad:lr=0.5", 1e-6)]
    [InlineData("rmsprop:lr=0.001", 3e-3)]
    [InlineData("rmsprop:lr=0.001,centered=true,momentum=0.5", 3e-3)]
    [InlineData("adadelta", 5e-2)] // slow on the flat direction (torch: 0.031 after 3000 steps)
    [InlineData("adam:lr=0.01", 1e-3)]
    [InlineData("adamw:lr=0.01,weight_decay=0.001", 1e-3)]
    [InlineData("adam:lr=0.01,amsgrad=true", 1e-3)]
    [InlineData("nadam:lr=0.01", 1e-3)]
    [InlineData("radam:lr=0.01", 1e-3)]
    [InlineData("adamax:lr=0.01", 1e-3)]
    [InlineData("lion:lr=0.001", 2e-3)] // every coordinate steps by lr: it ends oscillating within about lr
    public void ReachesTheMinimumOfAQuadratic(string spec, double tolerance)
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
