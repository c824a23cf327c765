namespace Downhill.Learning.Data;

/// <summary>
/// Opens data files with the limits every reader shares: only a regular, non-empty file of at most
/// <see cref="MaxBytes"/> is read, and a data set holds at most <see cref="MaxValues"/> feature values, checked
/// against a file's header (or while it streams) before anything of that size is allocated.
/// </summary>
/// <remarks>
/// A device or a pipe reports a length of 0, so the regular-file test is the length: <c>/dev/zero</c>, a named pipe
/// or <c>/proc</c> file is refused before it is opened (opening a pipe would wait for a writer, reading a device
/// would never end), and a file is never read past the length it had when it was opened.
/// </remarks>
public static class DataFile
{
    /// <summary>The largest data file read, as stored (compressed or not): 1 GiB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>The most feature values (rows × features) a data set may hold: 2²⁸, 1 GiB as float32.</summary>
    public const long MaxValues = 1L << 28;

    /// <summary>The file opened for reading, after the checks above.</summary>
    /// <exception cref="InputException">Missing, a folder, empty or not a regular file, too large, or unreadable.</exception>
    public static FileStream OpenRead(string path)
    {
        var info = new FileInfo(path);
        if (Directory.Exists(path)) throw new InputException($"cannot read '{path}': it is a folder, not a data file");
        if (!info.Exists) throw new InputException($"cannot read '{path}': no such file");
        if (info.Length == 0) throw new InputException($"cannot read '{path}': it is empty or not a regular file (a device or a pipe)");
        if (info.Length > MaxBytes)
            throw new InputException($"cannot read '{path}': it has {info.Length:N0} bytes, more than the {MaxBytes:N0} a data file may have");
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read '{path}': {e.Message}");
        }
    }

    /// <summary>Checks that <paramref name="rows"/> × <paramref name="width"/> values fit in <see cref="MaxValues"/>.</summary>
    public static void CheckValues(long rows, long width, string path, string what)
    {
        if (rows < 0 || width < 0 || (width > 0 && rows > MaxValues / width))
            throw new InputException($"'{path}': {what} make more than the {MaxValues:N0} values a data set may hold");
    }
}
