namespace Downhill.Learning.Data;

/// <summary>
/// Where large data sets (MNIST, Fashion-MNIST) are looked for, in order: the folder given (<c>--data-dir</c>), the
/// DOWNHILL_DATA environment variable, <c>shared/datasets</c> beside the checkout that holds this build (how CI and
/// the lab machines have them), and the download cache (~/.cache/downhill).
/// </summary>
public sealed class DataLocator
{
    /// <param name="dataDirectory">Looked in first (<c>--data-dir</c>).</param>
    /// <param name="searchDefaults">False: look only in <paramref name="dataDirectory"/>.</param>
    public DataLocator(string? dataDirectory = null, bool searchDefaults = true) =>
        (DataDirectory, SearchDefaults) = (dataDirectory, searchDefaults);

    public bool SearchDefaults { get; }

    public string? DataDirectory { get; }

    /// <summary>The folders searched, most specific first.</summary>
    public IReadOnlyList<string> Folders
    {
        get
        {
            var folders = new List<string>();
            if (DataDirectory is not null) folders.Add(Path.GetFullPath(DataDirectory));
            if (!SearchDefaults) return folders;
            if (Environment.GetEnvironmentVariable("DOWNHILL_DATA") is { Length: > 0 } env) folders.Add(Path.GetFullPath(env));
            foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
                if (SharedBesideCheckout(start) is { } shared)
                    folders.Add(shared);
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

    /// <summary>
    /// The nearest <c>shared/datasets</c> beside the checkout holding <paramref name="start"/> or beside one of its
    /// parents (a worktree sits a level deeper than a clone).
    /// </summary>
    private static string? SharedBesideCheckout(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Downhill.slnx"))) dir = dir.Parent;
        for (dir = dir?.Parent; dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "datasets");
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
