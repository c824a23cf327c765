using System.Globalization;
using Downhill.Functions;
using Downhill.Running;
using Spectre.Console;
using Downhill.Stopping;

namespace Downhill.Cli;

/// <summary>The human-readable output of runs: tidy tables of results, hyperparameters and stopping rules.</summary>
internal static class RunReport
{
    public static string Number(double value) => value.ToString("g6", CultureInfo.InvariantCulture);

    public static string Point(IReadOnlyList<double> x) =>
        x.Count <= 6
            ? $"({string.Join(", ", x.Select(Number))})"
            : $"({string.Join(", ", x.Take(3).Select(Number))}, …, {Number(x[^1])}) [{x.Count}]";

    public static string Hyperparameters(RunResult result) => string.Join(", ", result.Hyperparameters);

    /// <summary>The bounds a point rests on, e.g. "x = 2 (upper), y = -1 (lower)", or "none".</summary>
    public static string ActiveBounds(IReadOnlyList<Constraints.ActiveBound> active, IReadOnlyList<string> variables) =>
        active.Count == 0
            ? "none"
            : string.Join(", ", active.Select(b =>
                $"{variables[b.Index]} = {Number(b.Limit)} ({(b.Side == Constraints.BoundSide.Lower ? "lower" : "upper")})"));

    /// <summary>
    /// Writes the trace file when asked, then the results: JSON (one object when <paramref name="single"/>, else an
    /// array) or tables (one run in full, or several side by side).
    /// </summary>
    public static void Emit(Io io, ResolvedFunction function, RunSetup setup, IReadOnlyList<RunResult> results, bool single)
    {
        if (setup.TracePath is not null) TraceFile.Write(setup.TracePath, results, function.Objective.Variables);
        if (setup.Json)
        {
            io.Out.WriteLine(single ? RunResultJson.ToJson(results[0]) : RunResultJson.ToJson(results));
            return;
        }
        Heading(io.Console, function, setup);
        if (single) Full(io.Console, results[0], function.Objective.Variables);
        else Comparison(io.Console, results);
    }

    /// <summary>The heading both commands print: the function, its formula, and the start.</summary>
    public static void Heading(IAnsiConsole console, ResolvedFunction function, RunSetup setup)
    {
        string formula = function.Formula == function.Name ? "" : $"  {Markup.Escape(function.Formula)}";
        console.Write(new Markup($"[bold]{Markup.Escape(function.Name)}[/]{formula}\n"));
        console.Write(new Markup($"start {Markup.Escape(Point(setup.Start))}  [grey]({Markup.Escape(setup.StartSource)})[/]\n"));
        BoxAndClipping(console, setup);
    }

    /// <summary>The box the runs keep to (or that only lbfgsb does) and the gradient clipping, when there are.</summary>
    public static void BoxAndClipping(IAnsiConsole console, RunSetup setup)
    {
        if (setup.Box is { } box)
            console.Write(new Markup($"box {Markup.Escape(box.ToString())}  [grey]({(setup.Constrain
                ? "--constrain: every run kept inside"
                : "lbfgsb keeps to it; the other methods run free (--constrain keeps them inside)")})[/]\n"));
        if (setup.Clipping is { } clipping)
            console.Write(new Markup($"gradient clipped before each step to {Markup.Escape(clipping.Describe())}\n"));
    }

    /// <summary>"37/100 (37%)": how many steps had their gradient clipped; "—" when the run did not clip.</summary>
    public static string ClippedSteps(RunResult result) => result.ClippedSteps is { } clipped
        ? $"{clipped}/{result.Iterations} ({(result.Iterations == 0 ? 0 : (double)clipped / result.Iterations).ToString("0%", CultureInfo.InvariantCulture)})"
        : "—";

    /// <summary>One run in full: hyperparameters, result, stopping rules, notes.</summary>
    public static void Full(IAnsiConsole console, RunResult result, IReadOnlyList<string> variables)
    {
        console.Write(new Markup($"[bold]{Markup.Escape(result.Method)}[/], every hyperparameter in effect:\n"));
        var hyper = new Table().Border(TableBorder.Rounded);
        hyper.AddColumn("hyperparameter");
        hyper.AddColumn("value");
        foreach (var h in result.Hyperparameters) hyper.AddRow(Markup.Escape(h.Name), Markup.Escape(h.FormattedValue));
        console.Write(hyper);

        var table = new Table().Border(TableBorder.Rounded).Title("result");
        table.AddColumn("");
        table.AddColumn("");
        table.HideHeaders();
        void Row(string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("x", Point(result.X));
        Row("f", Number(result.F));
        Row(result.Bounds is null ? "‖∇f‖" : "‖proj ∇f‖", Number(result.GradientNorm));
        if (result.Bounds is not null) Row("active bounds", ActiveBounds(result.ActiveBounds, variables));
        Row("best f", $"{Number(result.BestF)} at {Point(result.BestX)}");
        Row("iterations", result.Iterations.ToString(CultureInfo.InvariantCulture));
        Row("evaluations", $"f {result.Evaluations.Function}, ∇f {result.Evaluations.Gradient}, ∇²f {result.Evaluations.Hessian}");
        if (result.ClippedSteps is not null) Row("clipped steps", ClippedSteps(result));
        Row("stop", $"{result.Stop.ToName()}: {result.StopDetail}");
        Row("time", $"{Number(result.Elapsed.TotalSeconds)} s");
        if (result.ToMinimum is { } m)
        {
            Row("x*", $"{Point(m.Minimizer)}, f* = {Number(m.FAtMinimizer)}");
            Row("‖x − x*‖", Number(m.Distance));
            Row("f − f*", Number(m.Gap));
        }
        console.Write(table);

        console.Write(StoppingRules(result.Checks));

        foreach (var note in result.Notes) console.Write(new Markup($"note: {Markup.Escape(note)}\n"));
        foreach (var d in result.Diagnostics)
            console.Write(new Markup($"[yellow]diagnosis[/]: {d.Kind} (iteration {d.Iteration}): {Markup.Escape(d.Evidence)}\n"));
    }

    /// <summary>Each stopping rule's measured value beside its threshold, and whether it was met.</summary>
    public static Table StoppingRules(IEnumerable<StopCheck> checks)
    {
        var rules = new Table().Border(TableBorder.Rounded).Title("stopping rules");
        rules.AddColumn("rule");
        rules.AddColumn(new TableColumn("measured").RightAligned());
        rules.AddColumn(new TableColumn("threshold").RightAligned());
        rules.AddColumn("met");
        foreach (var check in checks)
            rules.AddRow(check.Rule, Number(check.Measured), Number(check.Threshold), check.Met ? "yes" : "no");
        return rules;
    }

    /// <summary>Several runs side by side.</summary>
    public static void Comparison(IAnsiConsole console, IReadOnlyList<RunResult> results)
    {
        // Narrow terminals leave out time, evaluations, hyperparameters and distance, in that order.
        bool clipping = results.Any(r => r.ClippedSteps is not null);
        List<TableColumnSpec> columns =
        [
            new("optimizer"), new("hyperparameters", Folds: true, DropRank: 3), new("final f", RightAligned: true),
            new("‖x − x*‖", RightAligned: true, DropRank: 4), new("iterations", RightAligned: true),
            new("evaluations f/∇f/∇²f", RightAligned: true, DropRank: 2), new("stop"), new("time (s)", RightAligned: true, DropRank: 1),
        ];
        if (clipping) columns.Add(new("clipped", RightAligned: true, DropRank: 5));
        var table = new TerminalTable(columns, TableBorder.Rounded);
        foreach (var r in results)
        {
            string[] cells =
            [
                r.Method,
                Hyperparameters(r),
                Number(r.F),
                r.ToMinimum is { } m ? Number(m.Distance) : "—",
                r.Iterations.ToString(CultureInfo.InvariantCulture),
                $"{r.Evaluations.Function}/{r.Evaluations.Gradient}/{r.Evaluations.Hessian}",
                r.Stop.ToName(),
                Number(r.Elapsed.TotalSeconds),
            ];
            table.AddRow(clipping ? [.. cells, ClippedSteps(r)] : cells);
        }
        table.Write(console);
        foreach (var r in results)
            foreach (var note in r.Notes)
                console.Write(new Markup($"note ({Markup.Escape(r.Method)}): {Markup.Escape(note)}\n"));
        foreach (var r in results)
            foreach (var d in r.Diagnostics)
                console.Write(new Markup($"[yellow]diagnosis[/] ({Markup.Escape(r.Method)}): {d.Kind} (iteration {d.Iteration}): {Markup.Escape(d.Evidence)}\n"));
    }
}
