using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Downhill.Functions;

namespace Downhill.Cli;

/// <summary>
/// The parser's errors in the command's words: what the value must be ("--seed must be a whole number ≥ 0, not
/// 'abc'"), never a .NET type name, and for an unknown command or option the near names it may have meant.
/// </summary>
internal static partial class ParseProblems
{
    /// <summary>
    /// Whether the parse went wrong: an error, or an unknown option taken as a command's argument (plot -f F --plot
    /// x.svg reads "--plot" as the figure's file), which the parser lets through or blames on the value after it.
    /// </summary>
    public static bool Failed(ParseResult parsed) => parsed.Errors.Count > 0 || MistakenOption(parsed) is not null;

    /// <summary>The first error that names a bad token (the missing-command error is noise beside it), as one line.</summary>
    public static InputException Describe(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        if (MistakenOption(parsed) is { } option) return new InputException(NotAnOption(option.Split('=', 2)[0], command));
        var error = parsed.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? parsed.Errors[0];
        return new InputException(Message(error, command));
    }

    /// <summary>A token of the command's own arguments (not an option's value) that looks like an option: --name or -x.</summary>
    private static string? MistakenOption(ParseResult parsed) =>
        parsed.CommandResult.Command.Arguments
            .SelectMany(a => parsed.GetResult(a) is { } result ? result.Tokens : [])
            .Select(t => t.Value)
            .FirstOrDefault(v => v.Length > 1 && v[0] == '-' && (v[1] == '-' || char.IsLetter(v[1])));

    /// <summary>An unknown option where the command expected its arguments, which take no option name.</summary>
    private static string NotAnOption(string option, Command command)
    {
        string arguments = string.Join(" ", command.Arguments.Select(a => a.Name));
        string? near = NameSuggestion.Nearest(option, OptionNames(command));
        return $"unknown option '{option}' for {command.Name}{(near is null ? "" : $"; did you mean '{near}'?")} " +
               $"({arguments} goes without an option name: downhill {command.Name} … {arguments})";
    }

    internal static string Message(ParseError error, Command command)
    {
        string text = error.Message;
        if (CannotParse().Match(text) is { Success: true } bad)
        {
            var (name, type) = error.SymbolResult switch
            {
                OptionResult o => (o.Option.Name, o.Option.ValueType),
                ArgumentResult a => (a.Argument.Name, a.Argument.ValueType),
                _ => (bad.Groups["symbol"].Value, typeof(string)),
            };
            return $"{name} must be {Expected(type)}, not '{bad.Groups["token"].Value}'";
        }
        if (Unrecognized().Match(text) is { Success: true } unknown)
            return Unknown(unknown.Groups["token"].Value, command);
        if (NoValue().Match(text) is { Success: true } missing)
            return $"{missing.Groups["option"].Value} needs a value";
        if (Required().Match(text) is { Success: true } required)
            return $"{required.Groups["option"].Value} is required (downhill help {command.Name} lists the options)";
        if (text.StartsWith("Required command", StringComparison.Ordinal))
            return $"{command.Name} needs a command: one of {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}";
        return text.TrimEnd('.');
    }

    /// <summary>The first token that looks like an option but is no option of <paramref name="command"/>'s, taken as an argument.</summary>
    private static string? MistakenOption(ParseResult parsed, Command command)
    {
        var known = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
            .SelectMany(o => o.Aliases.Prepend(o.Name)).ToHashSet(StringComparer.Ordinal);
        return parsed.Tokens.FirstOrDefault(t => t.Type == TokenType.Argument && t.Value.Length > 1 && t.Value[0] == '-' &&
                                                 !double.TryParse(t.Value, System.Globalization.CultureInfo.InvariantCulture, out _) &&
                                                 !known.Contains(t.Value.Split('=', 2)[0]))?.Value;
    }

    /// <summary>What a value of <paramref name="type"/> must be, in words.</summary>
    internal static string Expected(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64 => "a whole number ≥ 0",
            TypeCode.SByte or TypeCode.Int16 or TypeCode.Int32 or TypeCode.Int64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.Boolean => "true or false",
            _ => "a value of another form",
        };
    }

    /// <summary>An unknown command, option or argument, with the names it is near.</summary>
    private static string Unknown(string token, Command command)
    {
        bool option = token.StartsWith('-');
        if (option) token = token.Split('=', 2)[0];
        var names = option ? OptionNames(command) : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        string? near = NameSuggestion.Nearest(token, names.Distinct());
        string where = command is RootCommand ? "" : $" for {command.Name}";
        string what = option ? $"unknown option '{token}'{where}"
            : command.Subcommands.Count > 0 ? $"unknown command '{token}'{where}"
            : $"unexpected argument '{token}'{where}";
        string help = command is RootCommand ? "downhill help" : $"downhill help {command.Name}";
        return near is not null ? $"{what}; did you mean '{near}'?" : $"{what} ({help} lists them)";
    }

    /// <summary>The names and aliases of the options <paramref name="command"/> takes, its own and its parents' recursive ones.</summary>
    private static IEnumerable<string> OptionNames(Command command) =>
        command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
            .Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).Distinct();

    [GeneratedRegex(@"^Cannot parse argument '(?<token>.*?)' (for (option|command) '(?<symbol>[^']*)' )?as expected type")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'\.$")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Required argument missing for option: '(?<option>[^']*)'\.$")]
    private static partial Regex NoValue();

    [GeneratedRegex(@"^Option '(?<option>[^']*)' is required\.$")]
    private static partial Regex Required();
}
