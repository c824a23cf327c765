using System.Diagnostics;

namespace Downhill.Tests.Studies;

/// <summary>
/// A second "machine" on this one: a network namespace joined to the host by a veth pair, with addresses of its own
/// (10.231.X.1 on the host's side, .2 inside). Needs root and <c>ip</c>; deleted on dispose.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    public NetworkNamespace()
    {
        int block = Random.Shared.Next(1, 250);
        Name = $"downhill{Environment.ProcessId % 100000}x{block}";
        HostAddress = $"10.231.{block}.1";
        string host = $"dh{block}h{Environment.ProcessId % 10000}", inside = $"dh{block}n{Environment.ProcessId % 10000}";
        Ip($"netns add {Name}");
        try
        {
            Ip($"link add {host} type veth peer name {inside}");
            Ip($"link set {inside} netns {Name}");
            Ip($"addr add {HostAddress}/30 dev {host}");
            Ip($"link set {host} up");
            Ip($"netns exec {Name} ip addr add 10.231.{block}.2/30 dev {inside}");
            Ip($"netns exec {Name} ip link set {inside} up");
            Ip($"netns exec {Name} ip link set lo up");
            _hostLink = host;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private readonly string? _hostLink;

    public string Name { get; }

    /// <summary>The host's address as seen from inside the namespace.</summary>
    public string HostAddress { get; }

    /// <summary>Whether this machine lets a test make a namespace (root, ip, the kernel's permission), and if not why.</summary>
    public static string? Forbidden()
    {
        if (!OperatingSystem.IsLinux()) return "network namespaces are Linux's";
        if (Environment.UserName != "root") return "making a network namespace needs root";
        try
        {
            string probe = $"downhillprobe{Environment.ProcessId}";
            Ip($"netns add {probe}");
            Ip($"netns del {probe}");
            return null;
        }
        catch (Exception e)
        {
            return $"this machine forbids network namespaces ({e.Message.Trim()})";
        }
    }

    private static void Ip(string args)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args.Split(' ')) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip did not start");
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ip {args}: {error}");
    }

    public void Dispose()
    {
        if (_hostLink is not null) TryIp($"link del {_hostLink}");
        TryIp($"netns del {Name}");
    }

    private static void TryIp(string args)
    {
        try
        {
            Ip(args);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}

/// <summary>A PostgreSQL fact that also needs a network namespace; skipped, saying why, where the machine forbids one.</summary>
public sealed class NetworkNamespaceFactAttribute : FactAttribute
{
    public NetworkNamespaceFactAttribute()
    {
        Skip = new PostgresFactAttribute().Skip ?? NetworkNamespace.Forbidden();
    }
}
