using System.Globalization;
using System.Text.RegularExpressions;
using Downhill.Functions;
using Downhill.Functions.Expressions;
using Downhill.Learning.Data;

namespace Downhill.Cli.Serve;

/// <summary>
/// A request to the JSON API as the command line it stands for: <c>/api/minimize?f=rosenbrock&amp;o=adam&amp;x0=-1.2,1</c>
/// is <c>downhill minimize -f=rosenbrock -o=adam --x0=-1.2,1 --json</c>. Each query key is a flag of the command
/// (one letter: its short form), each value that flag's value, in the order given; the command then parses, checks and
/// answers exactly as on the command line. Flags that would touch files or the machine's threads are refused or set
/// by the server; the limits of <see cref="ServeLimits"/> are checked first.
/// </summary>
internal sealed partial class ApiQuery
{
    /// <summary>The API's endpoints and the subcommand each one runs (<c>grid</c> is <c>plot --json</c>).</summary>
    public static readonly IReadOnlyDictionary<string, string> Commands = new Dictionary<string, string>
    {
        ["minimize"] = "minimize",
        ["compare"] = "compare",
        ["eval"] = "eval",
        ["critical"] = "critical",
        ["basins"] = "basins",
        ["sweep"] = "sweep",
        ["functions"] = "functions",
        ["optimizers"] = "optimizers",
        ["grid"] = "plot",
        ["figure"] = "compare",
        ["landscape"] = "landscape",
        ["curvature"] = "curvature",
    };

    /// <summary>Subcommands whose work is spread over threads: the server runs each on one, so requests do not crowd one another out.</summary>
    private static readonly HashSet<string> Threaded = ["critical", "basins", "sweep", "landscape", "curvature"];

    /// <summary>Endpoints that may compute for long whatever their flags: they run in the heavy lane.</summary>
    private static readonly HashSet<string> HeavyEndpoints = ["critical", "basins", "sweep", "landscape", "curvature"];

    /// <summary>Flags the server refuses, with why.</summary>
    private static readonly Dictionary<string, string> Refused = new()
    {
        ["trace"] = "the server writes no files; the answer holds the trace",
        ["plot"] = "the server writes no files; the page draws the figure (and downloads it from /api/figure)",
        ["plot-size"] = "the page draws the figure",
        ["plot-scale"] = "the page draws the figure",
        ["plot-kind"] = "the page draws the figure",
        ["storage"] = "the server writes no files",
        ["json"] = "the server always answers JSON",
        ["csv"] = "the server always answers JSON",
        ["threads"] = "the server runs each request on one thread",
        ["weights"] = "the server reads no files; train the weights here with --train",
        ["from"] = "the server reads no files",
        ["data-dir"] = "the server reads no files; it trains on the data sets bundled with Downhill",
        ["label"] = "the server trains on the data sets bundled with Downhill, which name their target",
    };

    private readonly List<(string Key, string Value)> _flags;

    private ApiQuery(string endpoint, string command, List<(string Key, string Value)> flags, string? figureFormat)
    {
        Endpoint = endpoint;
        Command = command;
        this._flags = flags;
        FigureFormat = figureFormat;
    }

    /// <summary>For /api/figure: the format of the figure answered (svg or png), drawn by compare's --plot.</summary>
    public string? FigureFormat { get; }

    /// <summary>The endpoint's name (<c>compare</c>, <c>grid</c>, …).</summary>
    public string Endpoint { get; }

    /// <summary>The subcommand it runs.</summary>
    public string Command { get; }

    /// <summary>The flags as given, in order.</summary>
    public IReadOnlyList<(string Key, string Value)> Flags => _flags;

    /// <summary>Reads a request's flags for <paramref name="endpoint"/>.</summary>
    /// <exception cref="InputException">An unknown endpoint, a key that is no flag name, or a refused flag.</exception>
    public static ApiQuery Parse(string endpoint, IEnumerable<KeyValuePair<string, string?>> query)
    {
        if (!Commands.TryGetValue(endpoint, out string? command))
            throw new InputException($"there is no /api/{endpoint}; the endpoints are {string.Join(", ", Commands.Keys.Select(k => "/api/" + k))}");
        var flags = new List<(string, string)>();
        string? format = endpoint == "figure" ? "svg" : null;
        foreach (var (key, value) in query)
        {
            if (endpoint == "figure" && key == "format")
            {
                format = value is "svg" or "png" ? value : throw new InputException($"format: '{value}' is not svg or png");
                continue;
            }
            if (!FlagName().IsMatch(key))
                throw new InputException($"'{key}' is not a flag name (letters, digits and '-', starting with a letter)");
            if (Refused.TryGetValue(key, out string? why))
                throw new InputException($"{Flag(key)} is not available here: {why}");
            flags.Add((key, value ?? ""));
        }
        return new ApiQuery(endpoint, command, flags, format);
    }

    /// <summary>The command line: the subcommand, each flag as <c>--key=value</c> (or <c>-k=value</c>), then --json.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var args = new List<string> { Command };
        foreach (var (key, value) in _flags) args.Add($"{Flag(key)}={value}");
        args.Add("--json");
        if (Threaded.Contains(Command)) args.Add("--threads=1");
        if (FigureFormat is not null) args.Add($"--plot=figure.{FigureFormat}");
        return args;
    }

    /// <summary>Whether the request may compute for long: it then waits in the heavy lane.</summary>
    public bool IsHeavy(ServeLimits limits)
    {
        if (HeavyEndpoints.Contains(Endpoint)) return true;
        long iterations = Long("max-iter") ?? 10_000;
        int methods = Math.Max(1, Values("o", "optimizer").Count());
        return iterations * methods > limits.LightIterations || (Long("resolution") ?? 0) > 201;
    }

    /// <summary>Checks the limits that can be read from the flags before anything runs.</summary>
    /// <exception cref="InputException">A flag past its limit (the message names the limit).</exception>
    public void CheckLimits(ServeLimits limits)
    {
        foreach (string f in Values("f", "function"))
        {
            if (f.Length > limits.MaxExpressionLength)
                throw new InputException($"-f: {f.Length} characters; the server takes functions of at most {limits.MaxExpressionLength}");
            int variables = VariablesOf(f);
            if (variables > limits.MaxVariables)
                throw new InputException($"-f: {variables} variables; the server takes functions of at most {limits.MaxVariables}");
        }
        foreach (string vars in Values("vars"))
            if (vars.Split(',').Length > limits.MaxVariables)
                throw new InputException($"--vars: {vars.Split(',').Length} variables; the server takes functions of at most {limits.MaxVariables}");
        Cap("dim", limits.MaxVariables, "variables");
        Cap("max-iter", limits.MaxIterations, "iterations per run");
        Cap("resolution", limits.MaxGridSide, "points per side");
        Cap("starts", limits.MaxCriticalStarts, "starts");
        if (Command == "basins") Cap("grid", limits.MaxBasinGrid, "starts per side");
        if (Command is "landscape" or "curvature") CheckNetwork(limits);
        int methods = Values("o", "optimizer").Count();
        if (methods > limits.MaxOptimizers)
            throw new InputException($"-o: {methods} methods; the server races at most {limits.MaxOptimizers} at once");
    }

    /// <summary>A network trained and sliced here: bundled data, a small model, few steps and points.</summary>
    private void CheckNetwork(ServeLimits limits)
    {
        foreach (string data in Values("d", "data"))
            if (!DatasetCatalog.Bundled.Contains(data))
                throw new InputException($"-d: the server trains on the data sets bundled with Downhill ({string.Join(", ", DatasetCatalog.Bundled)}), not '{data}'");
        foreach (string model in Values("m", "model"))
        {
            var widths = Widths().Matches(model).Select(m => long.TryParse(m.Value, NumberStyles.None, CultureInfo.InvariantCulture, out long w) ? w : long.MaxValue).ToList();
            if (widths.Count > limits.MaxHiddenLayers || widths.Any(w => w > limits.MaxHiddenWidth))
                throw new InputException($"-m: '{model}'; the server trains networks of at most {limits.MaxHiddenLayers} hidden layers of at most {limits.MaxHiddenWidth} units");
        }
        Cap("steps", limits.MaxTrainingSteps, "training steps");
        Cap("grid", limits.MaxSliceGrid, "points per side");
        Cap("rows", limits.MaxSliceRows, "rows");
    }

    private void Cap(string key, long limit, string what)
    {
        if (Long(key) is { } value && value > limit)
            throw new InputException($"{Flag(key)}: {value.ToString(CultureInfo.InvariantCulture)} {what}; the server takes at most {limit.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>The variables an expression uses (0 for a catalog name or text that does not parse: the command says what is wrong).</summary>
    private static int VariablesOf(string text)
    {
        if (Catalog.Find(text.Split(':')[0].Trim()) is not null) return 0;
        try
        {
            return Expression.Parse(text).Dimension;
        }
        catch (InputException)
        {
            return 0;
        }
    }

    private IEnumerable<string> Values(params string[] keys) => _flags.Where(f => keys.Contains(f.Key)).Select(f => f.Value);

    private long? Long(string key) =>
        Values(key).Select(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : (long?)null)
            .LastOrDefault(n => n is not null);

    private static string Flag(string key) => key.Length == 1 ? "-" + key : "--" + key;

    [GeneratedRegex("^[a-z][a-z0-9-]*$")]
    private static partial Regex FlagName();

    /// <summary>The numbers in a model spec (mlp:32:relu): its hidden layers' widths.</summary>
    [GeneratedRegex("[0-9]+")]
    private static partial Regex Widths();
}
