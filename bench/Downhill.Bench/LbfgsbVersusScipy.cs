using System.Diagnostics;
using System.Globalization;
using Downhill.Constraints;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Stopping;

namespace Downhill.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Downhill.Bench -- lbfgsb-vs-scipy [rounds] [starts]`: lbfgsb and SciPy's L-BFGS-B
/// (`tools/reference/lbfgsb_scipy.py --speed`, run with /usr/bin/python3) on the same problem, in alternating rounds
/// so a change in the host's load falls on both: the chained Rosenbrock function, N = 1000, from (−1.2, 1, …) in
/// [−1.5, 1.2]ⁿ with x₁₀₀₀ ≤ 0.81 (the fixture's "rosenbrock-1000"), to the projected gradient's max norm ≤ 1e-8 with
/// SciPy's ftol = 0 (f-tol 0 here). Each side times only its minimization (SciPy: the minimize call, with numpy's
/// rosen and rosen_der returned together (jac=True), one of each per point; Downhill: Minimizer.Run on the catalog's Rosenbrock). Prints each round's
/// times and evaluation counts, then the medians and their ratio.
/// <para>
/// With <c>starts</c> &gt; 0 it then compares evaluation counts over that many starts, the k-th nudged by k·10⁻¹² in
/// x₁ and −k·3·10⁻¹³ in x₂ on both sides (the script's <c>--spread</c>). Over ~5,000 iterations the run is chaotic: the
/// two implementations take the same steps with the same number of evaluations for the first ~100 iterations, then a
/// different rounding (of f's sum, of a dot product) sends them down different but equally good paths, so one start's
/// count is one draw from a spread of about ±30 on either side; the means over the nudged starts are what compare.
/// </para>
/// </summary>
public static class LbfgsbVersusScipy
{
    /// <summary>The problem: objective, start and bounds as tools/reference/lbfgsb_scipy.py defines "rosenbrock-1000".</summary>
    public static (IObjective Objective, double[] Start, RunOptions Options) Problem()
    {
        const int n = 1000;
        var upper = Enumerable.Repeat(1.2, n).ToArray();
        upper[^1] = 0.81;
        var options = RunOptions.Default with
        {
            Bounds = new Bounds(Enumerable.Repeat(-1.5, n).ToArray(), upper),
            Stopping = StoppingRules.Default
                .With(new GradientTolerance(1e-8, GradientNormKind.Max))
                .With(new FunctionTolerance(0))
                .With(new MaxIterations(15000)),
        };
        var start = Enumerable.Range(0, n).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
        return (FunctionResolver.Resolve("rosenbrock", n).Objective, start, options);
    }

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var (objective, start, options) = Problem();
        var method = new Lbfgsb();
        Minimizer.Run(objective, start, method, options);   // warm-up: JIT
        List<double> ours = [], theirs = [];
        for (int round = 1; round <= rounds; round++)
        {
            long ticks = Stopwatch.GetTimestamp();
            var result = Minimizer.Run(objective, start, method, options);
            double seconds = Stopwatch.GetElapsedTime(ticks).TotalSeconds;
            ours.Add(seconds);
            Console.WriteLine($"round {round} downhill {seconds:0.000} s: {result.Evaluations.Function} evaluations, " +
                              $"{result.Iterations} iterations, f = {result.F:R}, {result.Stop.ToName()}");
            if (Scipy() is not { } peer) return 1;
            theirs.Add(peer.Seconds);
            Console.WriteLine($"round {round} scipy    {peer.Seconds:0.000} s: {peer.Line}");
        }
        double a = SideBySide.Median(ours), b = SideBySide.Median(theirs);
        Console.WriteLine($"median: downhill {a:0.000} s, scipy {b:0.000} s, scipy/downhill {b / a:0.0}× (target ≥ 2×)");
        int starts = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
        return starts > 0 ? CompareSpread(objective, start, options, starts) : 0;
    }

    /// <summary>Evaluation counts from <paramref name="starts"/> nudged starts on both sides: each list, mean and standard deviation.</summary>
    private static int CompareSpread(IObjective objective, double[] start, RunOptions options, int starts)
    {
        var ours = new List<double>();
        for (int k = 0; k < starts; k++)
        {
            var nudged = start.ToArray();
            nudged[0] += k * 1e-12;
            nudged[1] -= k * 3e-13;
            ours.Add(Minimizer.Run(objective, nudged, new Lbfgsb(), options).Evaluations.Function);
        }
        using var json = SideBySide.RunPython("tools/reference/lbfgsb_scipy.py", ["--spread", starts.ToString(CultureInfo.InvariantCulture)]);
        if (json is null) return 1;
        var theirs = json.RootElement.GetProperty("nfev").EnumerateArray().Select(e => (double)e.GetInt32()).ToList();
        Console.WriteLine($"evaluations from {starts} nudged starts: downhill {Summary(ours)}; scipy {Summary(theirs)}");
        return 0;
    }

    private static string Summary(List<double> counts)
    {
        double mean = counts.Average();
        double sd = Math.Sqrt(counts.Sum(c => (c - mean) * (c - mean)) / Math.Max(counts.Count - 1, 1));
        return $"mean {mean:0.0} ± {sd:0.0} (sd), min {counts.Min()}, max {counts.Max()} [{string.Join(", ", counts)}]";
    }

    private static (double Seconds, string Line)? Scipy()
    {
        using var json = SideBySide.RunPython("tools/reference/lbfgsb_scipy.py", ["--speed"]);
        if (json is null) return null;
        var root = json.RootElement;
        return (root.GetProperty("seconds").GetDouble(),
            $"{root.GetProperty("nfev").GetInt32()} evaluations, {root.GetProperty("nit").GetInt32()} iterations, f = {root.GetProperty("f").GetDouble():R}");
    }
}
