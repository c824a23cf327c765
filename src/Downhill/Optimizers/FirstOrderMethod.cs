using Downhill.Functions;
using Downhill.LineSearches;
using Downhill.Running;
using Downhill.Specs;

namespace Downhill.Optimizers;

/// <summary>
/// A first-order optimizer as a run-loop method: each iteration is one <see cref="ParameterState{T}.Step"/> at the
/// optimizer's learning rate, then f and ∇f at the new point. With a line search (gd/sgd's <c>line_search=</c>), the
/// optimizer's step at lr = 1 gives the direction d, and the search picks the step along it, starting from lr.
/// </summary>
public sealed class FirstOrderMethod : IMethod
{
    public FirstOrderMethod(FirstOrderOptimizer optimizer, LineSearch? lineSearch = null)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        LineSearch = lineSearch;
        Hyperparameters = lineSearch is null
            ? optimizer.Hyperparameters
            : [.. optimizer.Hyperparameters, new Hyperparameter("line_search", lineSearch.Name)];
    }

    public FirstOrderOptimizer Optimizer { get; }

    /// <summary>The line search along the optimizer's direction, or null for steps of lr.</summary>
    public LineSearch? LineSearch { get; }

    public string Name => Optimizer.Name;
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    public IMethodRun Start(int dimension) => new Run(this, dimension);

    public override string ToString() => $"{Name}:{string.Join(",", Hyperparameters)}";

    private sealed class Run(FirstOrderMethod method, int dimension) : IMethodRun
    {
        private readonly ParameterState<double> state = method.Optimizer.CreateState<double>(dimension);
        private readonly double learningRate = method.Optimizer.LearningRate;
        private readonly LineSearchRun? search = method.LineSearch?.Start(dimension);
        private readonly double[] direction = method.LineSearch is null ? [] : new double[dimension];

        public double LearningRateInEffect { get; private set; } = double.NaN;
        public string? Note => null;

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            if (search is null)
            {
                state.Step(x, gradient, learningRate);
                f = objective.ValueAndGradient(x, gradient);
                LearningRateInEffect = learningRate;
                return;
            }
            x.CopyTo(direction);
            state.Step(direction, gradient, 1.0);
            double slope = 0;
            for (int i = 0; i < x.Length; i++)
            {
                direction[i] -= x[i];
                slope += gradient[i] * direction[i];
            }
            LearningRateInEffect = slope < 0
                ? search.Search(x, ref f, gradient, direction, slope, learningRate, objective).Step
                : 0;
        }
    }
}
