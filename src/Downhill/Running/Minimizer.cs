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
        var rules = options.Stopping;
        var counting = new CountingObjective(objective);
        var run = bounds is null ? method.Start(n)
            : method is IBoundConstrainedMethod bounded ? bounded.Start(bounds)
            : throw new InputException($"{method.Name} cannot keep to bounds: lbfgsb is the quasi-Newton method for a box, and the first-order optimizers project their steps onto it");
        var tracedState = options.TraceState && run.StateLayout.Count > 0 ? run : null;
        var trace = new TraceRecorder(n, options.TraceEvery, TraceCapacity(n + TraceRecorder.StateWidth(tracedState), options), tracedState);
        double minDelta = rules.ProgressDelta;
        bool timed = rules.NeedsElapsedTime;
        var observer = options.Observer;
        var token = options.Cancellation;

        var x = start.ToArray();
        int projected = bounds?.Project(x) ?? 0;
        var previousX = x.ToArray();
        var bestX = x.ToArray();
        var gradient = new double[n];
        long startTicks = Stopwatch.GetTimestamp();

        double f = counting.ValueAndGradient(x, gradient);
        double bestF = double.IsFinite(f) ? f : double.NaN;
        double patienceReference = f;
        long lastProgress = 0;
        var progress = Measure(0, f, double.NaN, AllFinite(x), x, gradient, double.NaN, 0, 0, bounds);
        trace.Offer(0, x, f, progress.GradientNorm, double.NaN);
        observer?.OnIteration(0, x, f, progress.GradientNorm);
        if (token.IsCancellationRequested) progress = progress with { CancellationRequested = true };
        var stoppedBy = rules.FirstMet(progress);

        long iteration = 0;
        while (stoppedBy is null)
        {
            double previousF = f;
            run.Advance(x, ref f, gradient, counting);
            iteration++;

            double step = StepLengthAndRemember(x, previousX, out bool xFinite);
            if (f < bestF || (double.IsNaN(bestF) && double.IsFinite(f)))
            {
                if (double.IsFinite(f))
                {
                    bestF = f;
                    x.CopyTo(bestX.AsSpan());
                }
            }
            if (f < patienceReference - minDelta || double.IsNaN(patienceReference))
            {
                patienceReference = f;
                lastProgress = iteration;
            }
            double elapsed = timed ? Stopwatch.GetElapsedTime(startTicks).TotalSeconds : 0;
            progress = Measure(iteration, f, previousF, xFinite, x, gradient, step, iteration - lastProgress, elapsed, bounds);
            if (trace.IsDue(iteration)) trace.Offer(iteration, x, f, progress.GradientNorm, run.LearningRateInEffect);
            observer?.OnIteration(iteration, x, f, progress.GradientNorm);
            // Read after the observer, which may be what cancels (a stop button, a test).
            if (token.IsCancellationRequested) progress = progress with { CancellationRequested = true };
            stoppedBy = rules.FirstMet(progress);
        }
        var elapsedTime = Stopwatch.GetElapsedTime(startTicks);
        trace.Finish(iteration, x, f, progress.GradientNorm, iteration == 0 ? double.NaN : run.LearningRateInEffect);

        var notes = new List<string>();
        if (projected > 0) notes.Add($"the start lay outside the box: {projected} coordinate(s) projected onto it");
        if (run.Note is { } note) notes.Add(note);
        return new RunResult
        {
            Function = options.FunctionName,
            Method = method.Name,
            Hyperparameters = method.Hyperparameters,
            Start = start.ToArray(),
            X = x,
            F = f,
            GradientNorm = progress.GradientNorm,
            BestX = bestX,
            BestF = bestF,
            Iterations = iteration,
            Evaluations = new EvaluationCounts(counting.FunctionEvaluations, counting.GradientEvaluations, counting.HessianEvaluations),
            Stop = stoppedBy.Reason,
            StopDetail = stoppedBy.Describe(progress),
            DivergedAt = stoppedBy.Reason == StopReason.Diverged ? iteration : null,
            Checks = rules.Check(progress),
            Elapsed = elapsedTime,
            Trace = trace.ToEntries(),
            Notes = notes,
            ClippedSteps = run.ClippedSteps,
            Bounds = bounds,
            ActiveBounds = bounds is not null && AllFinite(x) ? bounds.ActiveAt(x) : [],
        };
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RunProgress Measure(long iteration, double f, double previousF, bool xFinite, ReadOnlySpan<double> x,
        ReadOnlySpan<double> gradient, double step, long withoutProgress, double elapsed, Bounds? bounds)
    {
        double sumOfSquares = 0, largest = 0;
        bool gradientFinite = true;
        ReadOnlySpan<double> lower = bounds is null ? default : bounds.Lower, upper = bounds is null ? default : bounds.Upper;
        for (int i = 0; i < gradient.Length; i++)
        {
            double gi = gradient[i];
            gradientFinite &= double.IsFinite(gi);
            if (bounds is not null) gi = Bounds.ProjectedComponent(gi, x[i], lower[i], upper[i]);
            sumOfSquares += gi * gi;
            largest = Math.Max(largest, Math.Abs(gi));
        }
        double norm = double.IsFinite(sumOfSquares) ? Math.Sqrt(sumOfSquares) : ScaledNorm(x, gradient, largest, bounds);
        var nonFinite = !double.IsFinite(f) ? NonFinite.F
            : !xFinite ? NonFinite.X
            : !gradientFinite ? NonFinite.Gradient
            : NonFinite.None;
        return new RunProgress(iteration, f, previousF, gradientFinite ? norm : double.NaN, gradientFinite ? largest : double.NaN,
            step, withoutProgress, elapsed, false, nonFinite, bounds is not null);
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

    /// <summary>‖x − previous‖₂ and whether every xᵢ is finite (one pass for both), then previous ← x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double StepLengthAndRemember(ReadOnlySpan<double> x, Span<double> previous, out bool xFinite)
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
        return Math.Sqrt(sum);
    }
}
