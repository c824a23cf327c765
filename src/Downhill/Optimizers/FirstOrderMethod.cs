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
    /// <summary>A run-loop method that steps with <paramref name="optimizer"/>, along <paramref name="lineSearch"/> when given.</summary>
    /// <exception cref="InputException">A line search with <c>maximize=true</c>: a line search only goes downhill.</exception>
    public FirstOrderMethod(FirstOrderOptimizer optimizer, LineSearch? lineSearch = null)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        LineSearch = lineSearch;
        if (lineSearch is not null && optimizer.Hyperparameters.Any(h => h is { Name: "maximize", Value: true }))
            throw new InputException($"{optimizer.Name}:line_search searches downhill, so it cannot be combined with maximize=true");
        Hyperparameters = lineSearch is null
            ? optimizer.Hyperparameters
            : [.. optimizer.Hyperparameters, new Hyperparameter("line_search", lineSearch.Name)];
    }

    /// <summary>The optimizer whose step each iteration takes.</summary>
    public FirstOrderOptimizer Optimizer { get; }

    /// <summary>The line search along the optimizer's direction, or null for steps of lr.</summary>
    public LineSearch? LineSearch { get; }

    /// <inheritdoc/>
    public string Name => Optimizer.Name;

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <inheritdoc/>
    public IMethod With(string name, object value) => Methods.Find(Name)!.With(Hyperparameters, name, value);

    /// <summary>
    /// The registry entry of <paramref name="optimizer"/> as a run-loop method: its hyperparameters, and for gd and
    /// sgd also <c>line_search</c> (none by default).
    /// </summary>
    internal static MethodDeclaration<IMethod> Declare(MethodDeclaration<FirstOrderOptimizer> optimizer)
    {
        if (optimizer.Name is not ("gd" or "sgd"))
            return new(optimizer.Name, optimizer.Summary, optimizer.Hyperparameters, v => new FirstOrderMethod(optimizer.Create(v)));
        IReadOnlyList<HyperparameterDeclaration> declared =
            [.. optimizer.Hyperparameters, LineSearch.Declare("none", [.. LineSearch.Names, "none"])];
        return new(optimizer.Name, optimizer.Summary, declared,
            v => new FirstOrderMethod(optimizer.Create(v.Restrict(optimizer.Hyperparameters)), LineSearch.FromName(v.Choice("line_search"))));
    }

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
