namespace Downhill.Cli;

/// <summary>
/// Checks, before any work starts, that what a command will write can be written: the folder exists and takes a new
/// file. A long run must not end in "cannot write".
/// </summary>
internal static class OutputPaths
{
    /// <summary>A file to be written at <paramref name="path"/>, given by <paramref name="option"/>.</summary>
    /// <exception cref="InputException">The path is a folder, or its folder is missing or not writable.</exception>
    public static void CheckFile(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InputException($"{option}: '{path}' is a folder; name a file in it");
        CheckFolder(Path.GetDirectoryName(full)!, option);
    }

    /// <summary>A folder that a command fills, made if missing: it, or the folder that will hold it, must be writable.</summary>
    /// <exception cref="InputException">The path is a file, or neither it nor its parent is a writable folder.</exception>
    public static void CheckFolderToFill(string path, string option)
    {
        string full = Path.GetFullPath(path);
        if (File.Exists(full)) throw new InputException($"{option}: '{path}' is a file, not a folder");
        CheckFolder(Directory.Exists(full) ? full : Path.GetDirectoryName(full)!, option);
    }

    private static void CheckFolder(string folder, string option)
    {
        if (File.Exists(folder)) throw new InputException($"{option}: '{folder}' is a file, not a folder");
        if (!Directory.Exists(folder)) throw new InputException($"{option}: the folder '{folder}' does not exist");
        string probe = Path.Combine(folder, $".downhill-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new InputException($"{option}: cannot write in the folder '{folder}' ({e.Message.TrimEnd('.')})");
        }
    }
}
