using System.Security.Cryptography;

namespace Downhill.Learning.Data;

/// <summary>
/// Fetches MNIST and Fashion-MNIST from their canonical hosts into the download cache (<see cref="DataLocator.CacheFolder"/>)
/// when they are nowhere else, checking each file's published MD5 before it is kept (written to a temporary name,
/// then renamed). With DOWNHILL_OFFLINE set nothing is attempted; offline, a host that does not answer within
/// <see cref="ConnectTimeout"/> is given up at once rather than waited on.
/// </summary>
internal static class DatasetDownloader
{
    private static readonly Dictionary<string, (string[] Hosts, Dictionary<string, string> Md5)> Sources = new()
    {
        ["mnist"] = (["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"], new()
        {
            ["train-images-idx3-ubyte.gz"] = "f68b3c2dcbeaaa9fbdd348bbdeb94873",
            ["train-labels-idx1-ubyte.gz"] = "d53e105ee54ea40749a09fcbcd1e9432",
            ["t10k-images-idx3-ubyte.gz"] = "9fb629c4189551a2d022fa330f9573f3",
            ["t10k-labels-idx1-ubyte.gz"] = "ec29112dd5afa0611ce80d1b7f02629c",
        }),
        ["fashion-mnist"] = (["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"], new()
        {
            ["train-images-idx3-ubyte.gz"] = "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
            ["train-labels-idx1-ubyte.gz"] = "25c81989df183df01b3e8a0aad5dffbe",
            ["t10k-images-idx3-ubyte.gz"] = "bef4ecab320f06d8554ea6380940ec79",
            ["t10k-labels-idx1-ubyte.gz"] = "bb300cfdad3c16e7a12a480ee83cd310",
        }),
    };

    /// <summary>How long a host may take to accept the connection.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long one file may take in all (the largest, Fashion-MNIST's training images, is 26 MB).</summary>
    public static readonly TimeSpan FileTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The cached path of <paramref name="file"/> after downloading it, or null with every source tried and why each
    /// failed.
    /// </summary>
    public static (string? Path, IReadOnlyList<string> Failures) TryDownload(string set, string file)
    {
        if (Environment.GetEnvironmentVariable("DOWNHILL_OFFLINE") is { Length: > 0 })
            return (null, ["no download tried: DOWNHILL_OFFLINE is set"]);
        if (!Sources.TryGetValue(set, out var source) || !source.Md5.TryGetValue(file, out string? md5))
            return (null, [$"no download source for {set}/{file}"]);
        string folder = Path.Combine(DataLocator.CacheFolder, set);
        string target = Path.Combine(folder, file);
        var failures = new List<string>();
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { Timeout = FileTimeout };
        foreach (string host in source.Hosts)
        {
            try
            {
                byte[] bytes = client.GetByteArrayAsync(host + file).GetAwaiter().GetResult();
                string actual = Convert.ToHexStringLower(MD5.HashData(bytes));
                if (actual != md5) { failures.Add($"{host}{file} has MD5 {actual}, not the published {md5}"); continue; }
                Directory.CreateDirectory(folder);
                IO.AtomicFile.WriteBytes(target, bytes);
                return (target, []);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or UnauthorizedAccessException or InputException)
            {
                string why = e is TaskCanceledException ? $"no answer within {FileTimeout.TotalSeconds:0} s" : e.Message;
                failures.Add($"{host}{file}: {why}");
            }
        }
        return (null, failures);
    }
}
