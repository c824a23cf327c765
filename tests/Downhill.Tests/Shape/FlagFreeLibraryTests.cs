using System.Text.RegularExpressions;
using Downhill.Cli;
using Downhill.Running;

namespace Downhill.Tests.Shape;

/// <summary>
/// The library never names a command-line flag: its messages name parameters, and the command maps each parameter
/// to its flag in one place (<see cref="OptionNames"/>).
/// </summary>
public partial class FlagFreeLibraryTests
{
    private static readonly Type[] LibraryTypes = typeof(Minimizer).Assembly.GetTypes();

    [GeneratedRegex(@"(?<![\w-])--[a-z]")]
    private static partial Regex Flag();

    [Fact]
    public void NoStringInTheLibraryNamesACommandLineFlag()
    {
        var flags = LibraryTypes.SelectMany(type => TypeReferences.StringsOf(type).Where(s => Flag().IsMatch(s)).Select(s => $"{type.FullName}: \"{s}\""))
            .Distinct().Order().ToList();
        Assert.True(flags.Count == 0, string.Join(Environment.NewLine, flags));
    }

    [Fact]
    public void EveryParameterTheLibraryNamesHasItsFlagAndEveryFlagAParameter()
    {
        var named = LibraryTypes.SelectMany(TypeReferences.ParameterNamesOf).ToHashSet();
        Assert.Contains("epochs", named);
        Assert.Empty(named.Except(OptionNames.Parameters).Order());
        Assert.Empty(OptionNames.Parameters.Except(named).Order());
    }

    [Fact]
    public void TheCommandShowsTheFlagWhereTheLibraryNamesTheParameter()
    {
        var library = new InputException($"{new ParameterName("epochs")} must be at least 1, not {0}; see {new ParameterName("batch size")}");
        Assert.Equal("epochs must be at least 1, not 0; see batch size", library.Message);
        Assert.Equal(["epochs", "batch size"], library.Parameters);
        var shown = OptionNames.AsFlags(library);
        Assert.Equal("--epochs must be at least 1, not 0; see --batch", shown.Message);

        var spec = new InputException($"{new ParameterName("variables")} x is {1.5:0.0} wide", "x+y", 2);
        var renamed = OptionNames.AsFlags(spec);
        Assert.Equal(("--vars x is 1.5 wide", "x+y", 2), (renamed.Message, renamed.Text, renamed.Position));
        Assert.Equal("unknown parameter stays", OptionNames.AsFlags(new InputException($"{new ParameterName("unknown parameter")} stays")).Message);
    }
}
