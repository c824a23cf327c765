using System.Diagnostics;
using System.Runtime.CompilerServices;
using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Stopping;

namespace Downhill.Running;

/// <summary>
/// The one run loop behind every method: evaluates the start, advances the method, measures progress, checks the
/// stopping rules (the first met wins), keeps the trace and the best point, counts evaluations, and builds the result.
/// Nothing is allocated per iteration: buffers and trace storage are made before the first step. The loop knows no
/// particular rule or method: it measures what the rules ask for (<see cref="StoppingRules.NeedsElapsedTime"/>,
/// <see cref="StoppingRules.ProgressDelta"/>) and advances whatever <see cref="IMethod"/> it is given. How far the end
/// is from the exact minimizer is a step of its own after the run (Analysis.ExactMinimum).
/// </summary>
public static class Minimizer
{
    /// <summary>The most doubles of trace storage a run allocates up front (2 MB); large problems keep fewer entries.</summary>
    private const long TraceBudgetDoubles = 1L << 18;

    /// <summary>
    /// Minimizes <paramref name="objective"/> from <paramref name="start"/> with <paramref name="method"/>, subject to
    /// <see cref="RunOptions.Bounds"/> when given: the start is projected onto the box (with a note), the method keeps
    /// its iterates inside, and the gradient norms the stopping rules and the trace see are those of the projected
    /// gradient x − P(x − ∇f), zero at a constrained minimum.
    /// </summary>
    /// <exception cref="InputException">The start or the bounds do not have the objective's dimension, or the method
    /// cannot keep to bounds.</exception>
    public static RunResult Run(IObjective objective, ReadOnlySpan<double> start, IMethod method, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(method);
        options ??= RunOptions.Default;
        int n = objective.Dimension;
        if (start.Length != n)
            throw new InputException($"the start has {start.Length} coordinates but the function has {n} variables");

        var bounds = options.Bounds;
        if (bounds is not null && bounds.Dimension != n)
            throw new InputException($"the bounds have {bounds.Dimension} variables but the function has {n}");
        var run = bounds is null ? method.Start(n)
            : method is IBoundConstrainedMethod bounded ? bounded.Start(bounds)
            : throw new InputException($"{method.Name} cannot keep to bounds: lbfgsb is the quasi-Newton method for a box, and the first-order optimizers project their steps onto it");
        var loop = new Loop(objective, start.ToArray(), method, run, options);
        return run is IStepSpecializingRun specializing
            ? specializing.Specialize<Loop, RunResult>(loop)
            : loop.Consume(new MethodRunStep(run));
    }

    /// <summary>The loop, compiled for the run's step type (<see cref="IRunStep"/>).</summary>
    private readonly struct Loop(IObjective objective, double[] start, IMethod method, IMethodRun run, RunOptions options)
        : IRunStepConsumer<RunResult>
    {
        public RunResult Consume<TStep>(TStep step) where TStep : struct, IRunStep
        {
            _ = CompiledLoop<TStep>.Ready;
            var course = new Course(objective, start, run, options);
            Iterate(ref step, course);
            return course.Result(method);
        }
    }

    /// <summary>
    /// The loop compiled for a step type before the first run with it starts its clock: the loop is compiled optimized
    /// at once (it loops), which takes milliseconds, a cost of the process's first run of that method, not of the run,
    /// whose time the stopping rules and the result measure (in a run of a million fast iterations it was one in six).
    /// </summary>
    private static class CompiledLoop<TStep> where TStep : struct, IRunStep
    {
        public static readonly bool Ready = Compile();

        private static bool Compile()
        {
            var iterate = typeof(Minimizer).GetMethod(nameof(Iterate), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
            RuntimeHelpers.PrepareMethod(iterate.MethodHandle, [typeof(TStep).TypeHandle]);
            return true;
        }
    }

    /// <summary>
    /// Steps until a rule is met. Apart from the setup and the result (<see cref="Course"/>), so that the compiler's
    /// inlining budget, which grows with the size of the method, goes to the step and the measurements.
    /// </summary>
    private static void Iterate<TStep>(ref TStep methodStep, Course course) where TStep : struct, IRunStep
    {
        Span<double> x = course.X, previousX = course.PreviousX, bestX = course.BestX, gradient = course.Gradient;
        var (counting, trace, run, observer, bounds) = (course.Counting, course.Trace, course.Run, course.Observer, course.Bounds);
        var rules = course.Rules;
        var screen = rules.Screen;
        var token = course.Cancellation;
        double minDelta = rules.ProgressDelta;
        bool timed = rules.NeedsElapsedTime;
        long startTicks = course.StartTicks;
        double f = course.F, bestF = course.BestF;
        double patienceReference = f;
        long lastProgress = 0;
        var progress = course.Progress;
        var stoppedBy = course.StoppedBy;

        var squares = screen.Squares;
        bool everyIteration = observer is not null;
        long iteration = 0;
        while (stoppedBy is null)
        {
            double previousF = f;
            methodStep.Advance(x, ref f, gradient, counting);
            iteration++;

            double stepSquares = StepSquaresAndRemember(x, previousX, out bool xFinite);
            if (f < bestF || (double.IsNaN(bestF) && double.IsFinite(f)))
            {
                if (double.IsFinite(f))
                {
                    bestF = f;
                    // A loop rather than CopyTo, which calls memmove: f falls at most iterations of a small problem.
                    for (int i = 0; i < x.Length; i++) bestX[i] = x[i];
                }
            }
            if (f < patienceReference - minDelta || double.IsNaN(patienceReference))
            {
                patienceReference = f;
                lastProgress = iteration;
            }
            double elapsed = timed ? Stopwatch.GetElapsedTime(startTicks).TotalSeconds : 0;
            double gradientSquares = GradientSquares(x, gradient, bounds, out double largest, out bool gradientFinite);
            bool cancelled = token.IsCancellationRequested;
            // The roots and the progress record only where something reads them: the screen passes, the trace is due,
            // an observer watches, or the run is cancelled.
            if (everyIteration || cancelled || trace.IsDue(iteration)
                || screen.MayBeMet(iteration, f, previousF, gradientSquares, largest, double.IsFinite(f) && xFinite && gradientFinite,
                    stepSquares, iteration - lastProgress, elapsed, cancelled, squares))
            {
                progress = Progress(iteration, f, previousF, xFinite, x, gradient, gradientSquares, largest, gradientFinite,
                    Math.Sqrt(stepSquares), iteration - lastProgress, elapsed, bounds);
                if (trace.IsDue(iteration)) trace.Offer(iteration, x, f, progress.GradientNorm, run.LearningRateInEffect);
                observer?.OnIteration(iteration, x, f, progress.GradientNorm);
                // Read after the observer, which may be what cancels (a stop button, a test).
                if (token.IsCancellationRequested) progress = progress with { CancellationRequested = true };
                if (screen.MayBeMet(progress)) stoppedBy = rules.FirstMet(progress);
            }
        }
        (course.F, course.BestF, course.Progress, course.StoppedBy, course.Iterations) = (f, bestF, progress, stoppedBy, iteration);
    }

    /// <summary>A run from its start to its result: what the loop reads, and where it leaves its outcome.</summary>
    private sealed class Course
    {
        private readonly double[] _start;
        private readonly RunOptions _options;
        private readonly int _projected;

        /// <summary>Evaluates the start and checks the rules there (a run may end before its first step).</summary>
        public Course(IObjective objective, double[] start, IMethodRun run, RunOptions options)
        {
            int n = objective.Dimension;
            (_start, _options, Run, Bounds, Rules) = (start, options, run, options.Bounds, options.Stopping);
            (Observer, Cancellation) = (options.Observer, options.Cancellation);
            Counting = new CountingObjective(objective);
            var tracedState = options.TraceState && run.StateLayout.Count > 0 ? run : null;
            Trace = new TraceRecorder(n, options.TraceEvery, TraceCapacity(n + TraceRecorder.StateWidth(tracedState), options), tracedState);

            X = start.AsSpan().ToArray();
            _projected = Bounds?.Project(X) ?? 0;
            PreviousX = X.AsSpan().ToArray();
            BestX = X.AsSpan().ToArray();
            Gradient = new double[n];
            StartTicks = Stopwatch.GetTimestamp();

            F = Counting.ValueAndGradient(X, Gradient);
            BestF = double.IsFinite(F) ? F : double.NaN;
            var progress = Measure(0, F, double.NaN, AllFinite(X), X, Gradient, double.NaN, 0, 0, Bounds);
            Trace.Offer(0, X, F, progress.GradientNorm, double.NaN);
            Observer?.OnIteration(0, X, F, progress.GradientNorm);
            if (Cancellation.IsCancellationRequested) progress = progress with { CancellationRequested = true };
            Progress = progress;
            StoppedBy = Rules.FirstMet(progress);
        }

        public IMethodRun Run { get; }
        public Bounds? Bounds { get; }
        public StoppingRules Rules { get; }
        public IRunObserver? Observer { get; }
        public CancellationToken Cancellation { get; }
        public CountingObjective Counting { get; }
        public TraceRecorder Trace { get; }
        public double[] X { get; }
        public double[] PreviousX { get; }
        public double[] BestX { get; }
        public double[] Gradient { get; }
        public long StartTicks { get; }

        /// <summary>f at <see cref="X"/>: at the start, then as the loop leaves it.</summary>
        public double F { get; set; }
        public double BestF { get; set; }
        public RunProgress Progress { get; set; }
        public StoppingRule? StoppedBy { get; set; }
        public long Iterations { get; set; }

        /// <summary>The result, once a rule has ended the run.</summary>
        public RunResult Result(IMethod method)
        {
            var elapsedTime = Stopwatch.GetElapsedTime(StartTicks);
            var stoppedBy = StoppedBy!;
            Trace.Finish(Iterations, X, F, Progress.GradientNorm, Iterations == 0 ? double.NaN : Run.LearningRateInEffect);
            var notes = new List<string>();
            if (_projected > 0) notes.Add($"the start lay outside the box: {_projected} coordinate(s) projected onto it");
            if (Run.Note is { } note) notes.Add(note);
            return new RunResult
            {
                Function = _options.FunctionName,
                Method = method.Name,
                Hyperparameters = method.Hyperparameters,
                Start = _start,
                X = X,
                F = F,
                GradientNorm = Progress.GradientNorm,
                BestX = BestX,
                BestF = BestF,
                Iterations = Iterations,
                Evaluations = new EvaluationCounts(Counting.FunctionEvaluations, Counting.GradientEvaluations, Counting.HessianEvaluations),
                Stop = stoppedBy.Reason,
                StopDetail = stoppedBy.Describe(Progress),
                DivergedAt = stoppedBy.Reason == StopReason.Diverged ? Iterations : null,
                Checks = Rules.Check(Progress),
                Elapsed = elapsedTime,
                Trace = Trace.ToEntries(),
                Notes = notes,
                ClippedSteps = Run.ClippedSteps,
                Bounds = Bounds,
                ActiveBounds = Bounds is not null && AllFinite(X) ? Bounds.ActiveAt(X) : [],
            };
        }
    }

    /// <summary>How many entries the trace keeps, for entries of <paramref name="width"/> numbers each (the point and any state).</summary>
    private static int TraceCapacity(int width, RunOptions options)
    {
        long capacity = Math.Min(options.TraceCapacity, Math.Max(4, TraceBudgetDoubles / Math.Max(width, 1)));
        // No more than the run can fill (written so that max-iter near long.MaxValue cannot overflow).
        if (options.Stopping.IterationLimit / options.TraceEvery < capacity - 3)
            capacity = options.Stopping.IterationLimit / options.TraceEvery + 3;
        return (int)Math.Max(capacity, 4);
    }

    /// <summary>Progress at x; with bounds the gradient norms are the projected gradient's, x − P(x − ∇f).</summary>
    private static RunProgress Measure(long iteration, double f, double previousF, bool xFinite, ReadOnlySpan<double> x,
        ReadOnlySpan<double> gradient, double step, long withoutProgress, double elapsed, Bounds? bounds)
    {
        double sumOfSquares = GradientSquares(x, gradient, bounds, out double largest, out bool gradientFinite);
        return Progress(iteration, f, previousF, xFinite, x, gradient, sumOfSquares, largest, gradientFinite, step, withoutProgress, elapsed, bounds);
    }

    /// <summary>The progress record from the gradient's sums (<see cref="GradientSquares"/>): its norm is their root.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RunProgress Progress(long iteration, double f, double previousF, bool xFinite, ReadOnlySpan<double> x,
        ReadOnlySpan<double> gradient, double sumOfSquares, double largest, bool gradientFinite, double step, long withoutProgress,
        double elapsed, Bounds? bounds)
    {
        double norm = double.IsFinite(sumOfSquares) ? Math.Sqrt(sumOfSquares) : ScaledNorm(x, gradient, largest, bounds);
        var nonFinite = !double.IsFinite(f) ? NonFinite.F
            : !xFinite ? NonFinite.X
            : !gradientFinite ? NonFinite.Gradient
            : NonFinite.None;
        return new RunProgress(iteration, f, previousF, gradientFinite ? norm : double.NaN, gradientFinite ? largest : double.NaN,
            step, withoutProgress, elapsed, false, nonFinite, bounds is not null);
    }

    /// <summary>Σgᵢ², max|gᵢ| and whether every gᵢ is finite, in one pass (g projected with bounds).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GradientSquares(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, Bounds? bounds, out double largest, out bool finite)
    {
        double sumOfSquares = 0;
        largest = 0;
        finite = true;
        ReadOnlySpan<double> lower = bounds is null ? default : bounds.Lower, upper = bounds is null ? default : bounds.Upper;
        for (int i = 0; i < gradient.Length; i++)
        {
            double gi = gradient[i];
            finite &= double.IsFinite(gi);
            if (bounds is not null) gi = Bounds.ProjectedComponent(gi, x[i], lower[i], upper[i]);
            sumOfSquares += gi * gi;
            largest = Math.Max(largest, Math.Abs(gi));
        }
        return sumOfSquares;
    }

    // Only reached when the squares overflow: ‖g‖ = max|gᵢ|·‖g / max|gᵢ|‖ (g projected with bounds).
    private static double ScaledNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double largest, Bounds? bounds)
    {
        if (!double.IsFinite(largest) || largest == 0) return largest;
        double sum = 0;
        for (int i = 0; i < gradient.Length; i++)
        {
            double gi = bounds is null ? gradient[i] : Bounds.ProjectedComponent(gradient[i], x[i], bounds.Lower[i], bounds.Upper[i]);
            sum += (gi / largest) * (gi / largest);
        }
        return largest * Math.Sqrt(sum);
    }

    private static bool AllFinite(ReadOnlySpan<double> x)
    {
        foreach (double xi in x)
            if (!double.IsFinite(xi)) return false;
        return true;
    }

    /// <summary>‖x − previous‖₂² and whether every xᵢ is finite (one pass for both), then previous ← x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double StepSquaresAndRemember(ReadOnlySpan<double> x, Span<double> previous, out bool xFinite)
    {
        double sum = 0;
        xFinite = true;
        for (int i = 0; i < x.Length; i++)
        {
            double d = x[i] - previous[i];
            sum += d * d;
            xFinite &= double.IsFinite(x[i]);
            previous[i] = x[i];
        }
        return sum;
    }
}
