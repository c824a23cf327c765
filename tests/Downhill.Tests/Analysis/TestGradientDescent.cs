using Downhill.Optimizers;
using Downhill.Running;

namespace Downhill.Tests.Analysis;

/// <summary>x ← x − lr·∇f(x) as an <see cref="IMethod"/>, written here so these tests do not lean on the optimizer registry.</summary>
public sealed class TestGradientDescent(double lr) : IMethod
{
    public string Name => "gd";
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; } = [new Hyperparameter("lr", lr)];
    public IMethodRun Start(int dimension) => new Run(lr);

    private sealed class Run(double lr) : IMethodRun
    {
        public double LearningRateInEffect => lr;
        public string? Note => null;

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            for (int i = 0; i < x.Length; i++) x[i] -= lr * gradient[i];
            f = objective.ValueAndGradient(x, gradient);
        }
    }
}
