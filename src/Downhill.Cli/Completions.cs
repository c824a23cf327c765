using System.CommandLine;
using System.CommandLine.Completions;
using Downhill.Functions;
using Downhill.Learning.Data;
using Downhill.Optimizers;

namespace Downhill.Cli;

/// <summary>
/// The values tab completion offers (README, "Tab completion"): the catalog's function names for <c>-f</c>, the
/// methods for <c>-o</c>, the data sets for <c>-d</c>. The shell asks through the <c>[suggest]</c> directive.
/// </summary>
internal static class Completions
{
    public static Option<T> OfferingFunctions<T>(this Option<T> option) => option.Offering(() => Catalog.Entries.Select(e => e.Name));

    public static Option<T> OfferingMethods<T>(this Option<T> option) => option.Offering(() => Optimizers.Methods.Names);

    public static Option<T> OfferingFirstOrderMethods<T>(this Option<T> option) => option.Offering(() => FirstOrderOptimizers.Names);

    public static Option<T> OfferingDataSets<T>(this Option<T> option) => option.Offering(() => DatasetCatalog.Names);

    private static Option<T> Offering<T>(this Option<T> option, Func<IEnumerable<string>> names)
    {
        option.CompletionSources.Add(context => names()
            .Where(n => n.StartsWith(context.WordToComplete, StringComparison.OrdinalIgnoreCase))
            .Select(n => new CompletionItem(n)));
        return option;
    }
}
