using System.CommandLine;

namespace Downhill.Cli;

/// <summary>The <c>--data-dir</c> option, one for every command that loads a data set, with where else it looks.</summary>
internal static class DataDirectoryOption
{
    public static Option<string?> Create() => new("--data-dir")
    {
        Description = "Folder holding mnist/ and fashion-mnist/, or one of them (else $DOWNHILL_DATA, the checkout's data/, the download cache, "
            + "then a download unless DOWNHILL_OFFLINE is set)",
    };
}
