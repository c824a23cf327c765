namespace Downhill.Learning.Data;

/// <summary>
/// Where the large data sets (MNIST, Fashion-MNIST) are looked for, in order: the data directory given, the
/// DOWNHILL_DATA environment variable, the <c>data/</c> folder of the checkout this build came from (where the
/// repository ships them), and the download cache (~/.cache/downhill/datasets). Each place may be the folder that
/// holds <c>mnist/</c> or <c>mnist/</c> itself.
/// </summary>
public sealed class DataLocator
{
    /// <param name="dataDirectory">Looked in first; it must be an existing folder.</param>
    /// <param name="searchDefaults">False: look only in <paramref name="dataDirectory"/>, and download nothing.</param>
    /// <exception cref="InputException"><paramref name="dataDirectory"/> is not a folder.</exception>
    public DataLocator(string? dataDirectory = null, bool searchDefaults = true)
    {
        if (dataDirectory is not null && !Directory.Exists(dataDirectory))
            throw new InputException(File.Exists(dataDirectory)
                ? $"the data directory '{dataDirectory}' is a file, not a folder"
                : $"the data directory '{dataDirectory}' does not exist");
        (DataDirectory, SearchDefaults) = (dataDirectory, searchDefaults);
    }

    /// <summary>False: only <see cref="DataDirectory"/> is looked in, and nothing is downloaded.</summary>
    public bool SearchDefaults { get; }

    /// <summary>The folder given, looked in first; null when none was given.</summary>
    public string? DataDirectory { get; }

    /// <summary>The places searched, most specific first, each with what it is (for messages).</summary>
    public IReadOnlyList<(string Folder, string What)> Places
    {
        get
        {
            var places = new List<(string, string)>();
            if (DataDirectory is not null) places.Add((Path.GetFullPath(DataDirectory), "the data directory given"));
            if (!SearchDefaults) return places;
            if (Environment.GetEnvironmentVariable("DOWNHILL_DATA") is { Length: > 0 } env) places.Add((Path.GetFullPath(env), "DOWNHILL_DATA"));
            if (CheckoutDataFolder(AppContext.BaseDirectory) is { } shipped) places.Add((shipped, "this checkout's data folder"));
            places.Add((CacheFolder, "the download cache"));
            return places.DistinctBy(p => p.Item1).ToList();
        }
    }

    /// <summary>The folders searched, most specific first.</summary>
    public IReadOnlyList<string> Folders => Places.Select(p => p.Folder).ToList();

    /// <summary>The download cache.</summary>
    public static string CacheFolder =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "downhill", "datasets");

    /// <summary>The path of <paramref name="file"/> of data set folder <paramref name="set"/>, gzip or not, or null.</summary>
    public string? Find(string set, string file)
    {
        foreach (string folder in Folders)
            foreach (string setFolder in new[] { Path.Combine(folder, set), folder })
            {
                if (setFolder == folder && !string.Equals(Path.GetFileName(Path.TrimEndingDirectorySeparator(folder)), set, StringComparison.Ordinal))
                    continue;   // a folder is taken as the set's own only when it bears the set's name
                foreach (string candidate in new[] { Path.Combine(setFolder, file), Path.Combine(setFolder, Path.GetFileNameWithoutExtension(file)) })
                    if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>
    /// The <c>data</c> folder of the checkout whose build holds <paramref name="start"/> (the folder with Downhill.slnx
    /// above it), or null for a build that is not in a checkout (an installed tool).
    /// </summary>
    private static string? CheckoutDataFolder(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Downhill.slnx")))
                return Directory.Exists(Path.Combine(dir.FullName, "data")) ? Path.Combine(dir.FullName, "data") : null;
        return null;
    }
}
