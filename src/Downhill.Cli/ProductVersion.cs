using System.Reflection;

namespace Downhill.Cli;

/// <summary>
/// Downhill's version, from one place: the &lt;Version&gt; in src/Downhill.Cli/Downhill.Cli.csproj, which the tool
/// package carries too. <c>downhill --version</c> and <c>downhill about</c> both print it.
/// </summary>
internal static class ProductVersion
{
    public static string Text { get; } =
        typeof(ProductVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ProductVersion).Assembly.GetName().Version?.ToString(3) ?? "unknown";
}
