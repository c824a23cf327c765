using System.CommandLine;
using System.Globalization;
using Downhill.Analysis;
using Downhill.Functions;
using Downhill.Optimizers;
using Downhill.Running;
using Downhill.Specs;
using Downhill.Stopping;

namespace Downhill.Cli;

/// <summary>What a command needs to run a function: the start, the run options, where the trace goes, the output form.</summary>
/// <param name="Start">The starting point.</param>
/// <param name="StartSource">Where the start came from: "--x0" or the initializer and seed.</param>
/// <param name="Options">Stopping rules, trace, cancellation.</param>
/// <param name="KnownMinima">The function's catalogued minimizers, for the distance to the exact minimum after a run.</param>
/// <param name="TracePath">The --trace file, or null.</param>
/// <param name="Json">Whether to print JSON instead of tables.</param>
/// <param name="Box">The box as constraints: --bounds, or with --constrain the function's own; null for neither.</param>
/// <param name="Constrain">Whether the runs keep inside the box: --constrain, or for restarts and basins unless --free (lbfgsb keeps to --bounds regardless).</param>
/// <param name="Clipping">--clip-grad-norm or --clip-grad-value, or null.</param>
internal sealed record RunSetup(double[] Start, string StartSource, RunOptions Options, IReadOnlyList<KnownMinimum> KnownMinima,
    string? TracePath, bool Json, Constraints.Bounds? Box, bool Constrain, GradientClipping? Clipping)
{
    /// <summary>
    /// The run options for <paramref name="method"/>: with the box as its bounds under --constrain, and for lbfgsb
    /// whenever there is a box.
    /// </summary>
    public RunOptions OptionsFor(IMethod method) =>
        Box is not null && (Constrain || method is Lbfgsb) ? Options with { Bounds = Box } : Options;

    /// <summary><paramref name="method"/> with the gradient clipping asked for; only first-order optimizers clip.</summary>
    public IMethod Prepare(IMethod method) => Clipping is null ? method
        : method is FirstOrderMethod { LineSearch: null } firstOrder ? firstOrder.WithClipping(Clipping)
        : throw new InputException($"--clip-grad-{(Clipping is NormClipping ? "norm" : "value")} applies to first-order optimizers stepping at their learning rate, not {method}");
}

/// <summary>
/// The run options shared by every command that runs methods (minimize, compare, and later restarts, sweep, basins,
/// tune): the start (--x0, --init, --bounds, --seed), the stopping rules (--max-iter, --grad-tol, --f-tol, --x-tol,
/// --patience, --target, --time-limit), the trace (--trace, --trace-every) and --json. Parsing and validation live
/// here once.
/// </summary>
internal sealed class RunOptionsBinder
{
    public Option<string?> Start { get; } = new("--x0")
    {
        Description = "the start, comma-separated (write --x0=-1.2,1 when it begins with a minus); default: drawn by --init",
    };

    public Option<string> Init { get; } = new("--init")
    {
        Description = "random start when there is no --x0: gaussian[:mean=M,std=S] or uniform (within --bounds)",
        DefaultValueFactory = _ => "gaussian:mean=0,std=1",
    };

    public Option<string?> Bounds { get; } = new("--bounds")
    {
        Description = "box, low:high per variable or one for all (e.g. --bounds=-2:2,-1:3; inf for none, 0:inf): where --init uniform draws (default: the function's), and the constraint lbfgsb keeps to",
    };

    private readonly bool _keepToTheBox;

    /// <summary>
    /// The run options; with <paramref name="keepToTheBox"/> (restarts, basins) the runs keep to the box by default
    /// and <c>--free</c> lets them leave it, else (minimize, compare, sweep, tune) <c>--constrain</c> asks for the box.
    /// </summary>
    public RunOptionsBinder(bool keepToTheBox = false)
    {
        this._keepToTheBox = keepToTheBox;
        Constrain = keepToTheBox
            ? new Option<bool>("--free")
            {
                Description = "let the runs leave the box: by default each keeps to it (the first-order optimizers project their steps onto it, lbfgsb keeps to it; newton, bfgs and lbfgs run free); end points outside it are reported as having left it, never as minima",
            }
            : new Option<bool>("--constrain")
            {
                Description = "keep the run inside the box (--bounds, else the function's): each step is projected onto it, and grad-tol measures the projected gradient",
            };
    }

    /// <summary>--constrain, or for commands that keep to the box by default --free.</summary>
    public Option<bool> Constrain { get; }

    public ClippingOptions Clipping { get; } = new();

    public Option<long> Seed { get; } = SeedOption.Create("seed of the random start");

    public Option<long> MaxIterations { get; } = new("--max-iter")
    {
        Description = "stop after this many iterations",
        DefaultValueFactory = _ => 10_000L,
    };

    public Option<double> GradientTolerance { get; } = new("--grad-tol")
    {
        Description = "stop when ‖∇f‖ ≤ T; 0 turns the rule off",
        DefaultValueFactory = _ => 1e-8,
    };

    public Option<double?> FunctionTolerance { get; } = new("--f-tol")
    {
        Description = "stop when |Δf| / max(|f|, 1) ≤ T",
    };

    public Option<double?> StepTolerance { get; } = new("--x-tol")
    {
        Description = "stop when the step ‖Δx‖ ≤ T (default 0: a step that does not move; off: never, so a run stuck at a point runs to max-iter)",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (text == "off") return StepToleranceOff;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double tolerance) && tolerance >= 0 && double.IsFinite(tolerance))
                return tolerance;
            result.AddError($"--x-tol must be 0, a positive number or off, not '{text}'");
            return null;
        },
    };

    /// <summary>What --x-tol off reads as: no number, since NaN itself is refused as a tolerance.</summary>
    private const double StepToleranceOff = double.NaN;

    public Option<string?> Patience { get; } = new("--patience")
    {
        Description = "N[:min-delta]: stop when the best f has not improved by more than min-delta (default 0) for N iterations",
    };

    public Option<double?> Target { get; } = new("--target")
    {
        Description = "stop when f ≤ V",
    };

    public Option<double?> TimeLimit { get; } = new("--time-limit")
    {
        Description = "stop after S seconds",
    };

    public Option<string?> Trace { get; } = new("--trace")
    {
        Description = "write the trace to FILE.csv or FILE.json",
    };

    public Option<int> TraceEvery { get; } = new("--trace-every")
    {
        Description = "record every K-th iterate (the start and the end always; thinned past 10,000 entries)",
        DefaultValueFactory = _ => 1,
    };

    public Option<bool> TraceState { get; } = new("--trace-state")
    {
        Description = "keep each first-order optimizer's state (velocity, moment estimates: its declared buffers) in every trace entry of --json and --trace FILE.json",
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "print JSON instead of tables",
    };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[]
                 {
                     Start, Init, Bounds, Seed, MaxIterations, GradientTolerance, FunctionTolerance, StepTolerance, Patience,
                     Target, TimeLimit, Trace, TraceEvery, TraceState, Json, Constrain,
                 })
            command.Options.Add(option);
        Clipping.AddTo(command);
    }

    /// <summary>Reads and checks every run option for <paramref name="function"/>; bad values are <see cref="InputException"/>s.</summary>
    public RunSetup Bind(ParseResult result, ResolvedFunction function, CancellationToken cancellation)
    {
        int n = function.Dimension;
        var given = result.GetValue(Bounds) is { } boundsText ? CliValues.ParseBounds(boundsText, "--bounds", n) : null;
        var bounds = given ?? function.Bounds?.Select(b => (b.Low, b.High)).ToArray();
        string? tracePath = result.GetValue(Trace);
        if (tracePath is not null)
        {
            OutputPaths.CheckFile(tracePath, Trace.Name);
            TraceFile.Validate(tracePath);
        }
        int traceEvery = result.GetValue(TraceEvery);

        var options = new RunOptions
        {
            Stopping = Stopping(result),
            TraceEvery = traceEvery,
            TraceState = result.GetValue(TraceState),
            Cancellation = cancellation,
            FunctionName = function.Name,
        };
        var knownMinima = function.KnownPoints
            .Where(p => p.Kind is PointKind.GlobalMinimum or PointKind.LocalMinimum)
            .Select(p => new KnownMinimum(p.X, p.F))
            .ToArray();

        double[] start;
        string source;
        if (result.GetValue(Start) is { } x0)
        {
            start = CliValues.RequireDimension(CliValues.ParseVector(x0, "--x0"), n, "--x0");
            source = "--x0";
        }
        else
        {
            var init = StartingPoint.Parse(result.GetValue(Init)!);
            ulong seed = (ulong)result.GetValue(Seed);
            start = init.Draw(n, bounds, seed);
            source = $"{init}, seed {seed}";
        }
        bool constrain = _keepToTheBox ? bounds is not null && !result.GetValue(Constrain) : result.GetValue(Constrain);
        if (constrain && bounds is null)
            throw new InputException($"--constrain needs a box: give --bounds (the function {function.Name} suggests none)");
        var boxed = constrain ? bounds : given;
        var box = boxed is null ? null : new Constraints.Bounds(boxed.Select(b => b.Low).ToArray(), boxed.Select(b => b.High).ToArray());
        return new RunSetup(start, source, options, knownMinima, tracePath, result.GetValue(Json), box, constrain, Clipping.Read(result));
    }

    private StoppingRules Stopping(ParseResult result)
    {
        var rules = new List<StoppingRule>
        {
            new MaxIterations(result.GetValue(MaxIterations)),
            new Divergence(),
            new Cancellation(),
        };
        double xTol = result.GetValue(StepTolerance) ?? 0;
        if (!double.IsNaN(xTol)) rules.Add(new Stopping.StepTolerance(xTol));
        double gradTol = result.GetValue(GradientTolerance);
        if (gradTol < 0 || double.IsNaN(gradTol))
            throw new InputException($"--grad-tol must be 0 (off) or a positive number, not {gradTol.ToString(CultureInfo.InvariantCulture)}");
        if (gradTol > 0) rules.Add(new Stopping.GradientTolerance(gradTol));
        if (result.GetValue(FunctionTolerance) is { } fTol) rules.Add(new Stopping.FunctionTolerance(fTol));
        if (result.GetValue(Target) is { } target) rules.Add(new Stopping.Target(target));
        if (result.GetValue(TimeLimit) is { } seconds) rules.Add(new Stopping.TimeLimit(seconds));
        if (result.GetValue(Patience) is { } patience) rules.Add(ParsePatience(patience));
        return new StoppingRules(rules);
    }

    /// <summary>Parses <c>N[:min-delta]</c>.</summary>
    internal static Patience ParsePatience(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length > 2 || !long.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
            throw new InputException($"--patience must be N or N:min-delta (e.g. 20:1e-6), not '{text}'");
        double minDelta = parts.Length == 2 ? Spec.ParseDouble(parts[1], "--patience min-delta") : 0;
        return new Patience(n, minDelta);
    }
}
