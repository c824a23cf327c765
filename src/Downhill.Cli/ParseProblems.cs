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
    /// <summary>The first error that names a bad token (the missing-command error is noise beside it), as one line.</summary>
    public static InputException Describe(ParseResult parsed)
    {
        var error = parsed.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? parsed.Errors[0];
        return new InputException(Message(error, parsed.CommandResult.Command));
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
        var names = option
            ? command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
                .Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        string? near = NameSuggestion.Nearest(token, names.Distinct());
        string where = command is RootCommand ? "" : $" for {command.Name}";
        string what = option ? $"unknown option '{token}'{where}"
            : command.Subcommands.Count > 0 ? $"unknown command '{token}'{where}"
            : $"unexpected argument '{token}'{where}";
        string help = command is RootCommand ? "downhill help" : $"downhill help {command.Name}";
        return near is not null ? $"{what}; did you mean '{near}'?" : $"{what} ({help} lists them)";
    }

    [GeneratedRegex(@"^Cannot parse argument '(?<token>.*?)' (for (option|command) '(?<symbol>[^']*)' )?as expected type")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Unrecognized command or argument '(?<token>.*)'\.$")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Required argument missing for option: '(?<option>[^']*)'\.$")]
    private static partial Regex NoValue();

    [GeneratedRegex(@"^Option '(?<option>[^']*)' is required\.$")]
    private static partial Regex Required();
}
