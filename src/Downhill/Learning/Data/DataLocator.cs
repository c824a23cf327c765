namespace Downhill.Learning.Data;

/// <summary>
/// Where large data sets (MNIST, Fashion-MNIST) are looked for, in order: the folder given (<c>--data-dir</c>), the
/// DOWNHILL_DATA environment variable, <c>shared/datasets</c> beside the checkout that holds this build (how CI and
/// the lab machines have them), and the download cache (~/.cache/downhill).
/// </summary>
public sealed class DataLocator
{
    public DataLocator(string? dataDirectory = null) => DataDirectory = dataDirectory;

    public string? DataDirectory { get; }

    /// <summary>The folders searched, most specific first.</summary>
    public IReadOnlyList<string> Folders
    {
        get
        {
            var folders = new List<string>();
            if (DataDirectory is not null) folders.Add(Path.GetFullPath(DataDirectory));
            if (Environment.GetEnvironmentVariable("DOWNHILL_DATA") is { Length: > 0 } env) folders.Add(Path.GetFullPath(env));
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
                if (CheckoutRoot(start) is { } root)
                    folders.Add(Path.GetFullPath(Path.Combine(root, "..", "shared", "datasets")));
            folders.Add(CacheFolder);
            return folders.Distinct().ToList();
        }
    }

    /// <summary>The download cache.</summary>
    public static string CacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "downhill", "datasets");

    /// <summary>The path of <paramref name="file"/> of data set folder <paramref name="set"/>, gzip or not, or null.</summary>
    public string? Find(string set, string file)
    {
        foreach (string folder in Folders)
            foreach (string candidate in new[] { Path.Combine(folder, set, file), Path.Combine(folder, set, Path.GetFileNameWithoutExtension(file)) })
                if (File.Exists(candidate)) return candidate;
        return null;
    }

    private static string? CheckoutRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Downhill.slnx"))) return dir.FullName;
        return null;
    }
}
