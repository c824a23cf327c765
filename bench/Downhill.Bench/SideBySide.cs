using System.Diagnostics;
using System.Text.Json;

namespace Downhill.Bench;

/// <summary>What the side-by-side runs against a peer share: the checkout's root (to find the peer's script) and medians.</summary>
internal static class SideBySide
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Downhill.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("run from inside the Downhill checkout");
    }

    /// <summary>
    /// Runs a peer's script (path from the checkout's root) with Debian's python3 and OPENBLAS_CORETYPE unset (it slows
    /// OpenBLAS), <c>passive</c> letting OpenMP's threads sleep rather than spin; its standard output is one JSON object.
    /// Null, said on the console, when it fails.
    /// </summary>
    public static JsonDocument? RunPython(string script, IEnumerable<string> arguments, bool passive = false)
    {
        var start = new ProcessStartInfo("/usr/bin/python3", [Path.Combine(RepositoryRoot(), script), .. arguments])
        {
            RedirectStandardOutput = true,
        };
        start.Environment.Remove("OPENBLAS_CORETYPE");
        if (passive) start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        using var python = Process.Start(start)!;
        string output = python.StandardOutput.ReadToEnd();
        python.WaitForExit();
        if (python.ExitCode == 0) return JsonDocument.Parse(output);
        Console.WriteLine($"{script} failed (exit {python.ExitCode})");
        return null;
    }
}
