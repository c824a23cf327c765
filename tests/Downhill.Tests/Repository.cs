namespace Downhill.Tests;

/// <summary>The checkout the tests run from: the folder above the test binaries that holds Downhill.slnx.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Downhill.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("no Downhill.slnx above the tests' folder");
    }
}
