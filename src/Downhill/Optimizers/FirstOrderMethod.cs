using System.Runtime.CompilerServices;
using Downhill.Constraints;
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
/// <remarks>
/// With bounds each step is projected onto the box, x ← P(x − step), as a torch user's <c>p.clamp_(low, high)</c>
/// after <c>optimizer.step()</c>: the optimizer's buffers keep what it computed, and x, f, ∇f and the step the loop
/// measures are the projected point's. A line search then searches along the projected path P(x + t·d), with d's
/// components that push against a bound x already rests on set to 0. With <see cref="Clipping"/> the gradient is
/// clipped before each step (torch's clip_grad_norm_ or clip_grad_value_), not with a line search, which picks its own
/// step.
/// </remarks>
public sealed class FirstOrderMethod : IBoundConstrainedMethod
{
    /// <summary>A run-loop method that steps with <paramref name="optimizer"/>, along <paramref name="lineSearch"/> when given.</summary>
    /// <exception cref="InputException">A line search with <c>maximize=true</c>: a line search only goes downhill; or with clipping.</exception>
    public FirstOrderMethod(FirstOrderOptimizer optimizer, LineSearch? lineSearch = null, GradientClipping? clipping = null)
    {
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        LineSearch = lineSearch;
        Clipping = clipping;
        if (lineSearch is not null && optimizer.Hyperparameters.Any(h => h is { Name: "maximize", Value: true }))
            throw new InputException($"{optimizer.Name}:line_search searches downhill, so it cannot be combined with maximize=true");
        if (lineSearch is not null && clipping is not null)
            throw new InputException($"{optimizer.Name}:line_search picks its own step, so its gradient is not clipped; clipping applies to steps at the learning rate");
        Hyperparameters = lineSearch is null
            ? optimizer.Hyperparameters
            : [.. optimizer.Hyperparameters, new Hyperparameter("line_search", lineSearch.Name)];
    }

    /// <summary>The optimizer whose step each iteration takes.</summary>
    public FirstOrderOptimizer Optimizer { get; }

    /// <summary>The line search along the optimizer's direction, or null for steps of lr.</summary>
    public LineSearch? LineSearch { get; }

    /// <summary>How the gradient is clipped before each step, or null.</summary>
    public GradientClipping? Clipping { get; }

    /// <summary>This method with its gradient clipped by <paramref name="clipping"/> (null: not clipped).</summary>
    public FirstOrderMethod WithClipping(GradientClipping? clipping) => new(Optimizer, LineSearch, clipping);

    /// <inheritdoc/>
    public string Name => Optimizer.Name;

    /// <inheritdoc/>
    public IReadOnlyList<Hyperparameter> Hyperparameters { get; }

    /// <inheritdoc/>
    public IMethod With(string name, object value) =>
        ((FirstOrderMethod)Methods.Find(Name)!.With(Hyperparameters, name, value)).WithClipping(Clipping);

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

    /// <inheritdoc/>
    public IMethodRun Start(int dimension) => new Run(this, dimension, null);

    /// <inheritdoc/>
    public IMethodRun Start(Bounds bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        return new Run(this, bounds.Dimension, bounds);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}:{string.Join(",", Hyperparameters)}";

    private sealed class Run(FirstOrderMethod method, int dimension, Bounds? bounds) : IMethodRun, IStepSpecializingRun
    {
        private readonly ParameterState<double> _state = method.Optimizer.CreateState<double>(dimension);
        private readonly double _learningRate = method.Optimizer.LearningRate;
        private readonly GradientClipping? _clipping = method.Clipping;
        private readonly LineSearchRun? _search = method.LineSearch is null ? null
            : bounds is null ? method.LineSearch.Start(dimension) : method.LineSearch.Start(bounds);
        private readonly double[] _direction = method.LineSearch is null ? [] : new double[dimension];
        private long _projectedSteps;

        public double LearningRateInEffect { get; private set; } = double.NaN;
        public long? ClippedSteps => _clipping is null ? null : _clipped;
        private StateScalar[]? _scalars;
        private StateBuffer<double>[]? _buffers;

        public IReadOnlyList<StatePartLayout> StateLayout
        {
            get
            {
                ReadParts();
                return [.. _scalars!.Select(s => new StatePartLayout(s.Name, true, 1)), .. _buffers!.Select(b => new StatePartLayout(b.Name, false, b.Values.Length))];
            }
        }

        public void CopyState(Span<double> into)
        {
            ReadParts();
            int at = 0;
            foreach (var scalar in _scalars!) into[at++] = scalar.Value;
            foreach (var buffer in _buffers!)
            {
                buffer.Values.CopyTo(into[at..]);
                at += buffer.Values.Length;
            }
        }

        /// <summary>The state's parts, read once: the step count is left out (a trace entry's iteration is it), and a
        /// state's Buffers list is made on each call, over the live arrays it keeps.</summary>
        private void ReadParts()
        {
            _scalars ??= [.. _state.Scalars.Skip(1)];
            _buffers ??= [.. _state.Buffers];
        }
        private long _clipped;

        public string? Note => _projectedSteps == 0 ? null
            : $"{_projectedSteps} step(s) left the box and were projected back onto it";

        /// <summary>
        /// The step at the learning rate (no line search or clipping; projected onto the box when there is one) as the
        /// state's own value type, so that the run loop is compiled for this optimizer's update; any other step through
        /// <see cref="Advance"/>.
        /// </summary>
        public TResult Specialize<TConsumer, TResult>(TConsumer consumer) where TConsumer : IRunStepConsumer<TResult>
        {
            if (_search is not null || _clipping is not null)
                return consumer.Consume(new MethodRunStep(this));
            // What Advance sets after each step, set once: the rate does not change.
            LearningRateInEffect = _learningRate;
            return _state.WithFixedRateStep<PlainStepConsumer<TConsumer, TResult>, TResult>(new(consumer, this), _learningRate);
        }

        /// <summary>Projects x onto the box, if any, counting the steps that left it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void KeepToTheBox(Span<double> x)
        {
            if (bounds is not null && bounds.Project(x) > 0) _projectedSteps++;
        }

        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            if (_search is null)
            {
                if (_clipping is not null && _clipping.Apply(gradient)) _clipped++;
                _state.Step(x, gradient, _learningRate);
                KeepToTheBox(x);
                f = objective.ValueAndGradient(x, gradient);
                LearningRateInEffect = _learningRate;
                return;
            }
            Search(x, ref f, gradient, objective, _search);
        }

        // Apart from Advance, whose plain step has no loop: a method with a loop is compiled once, fully optimized,
        // where the command turns off quick compilation of loops, and so would never be recompiled with the profile
        // that lets the optimizer's step and the function be called directly (and inlined).
        private void Search(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective, LineSearchRun search)
        {
            x.CopyTo(_direction);
            _state.Step(_direction, gradient, 1.0);
            double slope = 0;
            for (int i = 0; i < x.Length; i++)
            {
                _direction[i] -= x[i];
                // Along a face x rests on, the part of d pushing out of the box is dropped: the projected direction.
                if (bounds is not null && ((_direction[i] < 0 && x[i] <= bounds.Lower[i]) || (_direction[i] > 0 && x[i] >= bounds.Upper[i])))
                    _direction[i] = 0;
                slope += gradient[i] * _direction[i];
            }
            LearningRateInEffect = slope < 0
                ? search.Search(x, ref f, gradient, _direction, slope, _learningRate, objective).Step
                : 0;
        }
    }

    /// <summary>Hands the run loop the step of <paramref name="run"/> built on its state's fixed-rate step.</summary>
    private readonly struct PlainStepConsumer<TConsumer, TResult>(TConsumer consumer, Run run) : IFixedRateStepConsumer<double, TResult>
        where TConsumer : IRunStepConsumer<TResult>
    {
        public TResult Consume<TStep>(TStep step) where TStep : struct, IFixedRateStep<double> => consumer.Consume(new PlainStep<TStep>(step, run));
    }

    /// <summary>What <see cref="Run.Advance"/> does without line search or clipping: the step, onto the box if any, then f and ∇f.</summary>
    private struct PlainStep<TStep>(TStep step, Run run) : IRunStep where TStep : struct, IFixedRateStep<double>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Advance(Span<double> x, ref double f, Span<double> gradient, CountingObjective objective)
        {
            step.Step(x, gradient);
            run.KeepToTheBox(x);
            f = objective.ValueAndGradient(x, gradient);
        }
    }
}
