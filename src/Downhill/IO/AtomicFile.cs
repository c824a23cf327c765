namespace Downhill.IO;

/// <summary>
/// Writes a file whole or not at all: the content goes to a temporary name beside the target, which is then renamed
/// over it, so a reader never sees half a file and a crash leaves the old file (or none) in place.
/// </summary>
/// <remarks>
/// The temporary name is <c>.NAME.PID.GUID.tmp</c>. A process killed while writing leaves its temporary file behind
/// (as large as what it had written); the next write of the same file removes those whose process is gone.
/// </remarks>
public static class AtomicFile
{
    /// <summary>Writes through <paramref name="write"/> to <paramref name="path"/>, atomically.</summary>
    /// <exception cref="InputException">The path cannot be written (missing folder, no permission).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (folder is null || !Directory.Exists(folder))
            throw new InputException($"cannot write '{path}': folder '{folder}' does not exist");
        string name = Path.GetFileName(full);
        RemoveStaleTemporaries(folder, name);
        string temporary = Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            TryDelete(temporary);
            throw new InputException($"cannot write '{path}': {e.Message}");
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark), atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Writes <paramref name="bytes"/>, atomically.</summary>
    public static void WriteBytes(string path, ReadOnlySpan<byte> bytes)
    {
        byte[] copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>Deletes <c>.NAME.PID.GUID.tmp</c> files beside the target whose process no longer runs.</summary>
    private static void RemoveStaleTemporaries(string folder, string name)
    {
        string prefix = $".{name}.";
        IEnumerable<string> files;
        try { files = Directory.EnumerateFiles(folder, "*.tmp").ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; }
        foreach (string path in files)
        {
            string file = Path.GetFileName(path);
            if (!file.StartsWith(prefix, StringComparison.Ordinal)) continue;
            string[] parts = file[prefix.Length..^".tmp".Length].Split('.');
            if (parts.Length != 2 || !int.TryParse(parts[0], out int pid) || !Guid.TryParseExact(parts[1], "N", out _)) continue;
            if (pid != Environment.ProcessId && !IsRunning(pid)) TryDelete(path);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
