using System.Reflection;

namespace Understudy.Node.Hosting;

/// <summary>This build's version, as nodes announce it and <c>status</c> shows it: the
/// informational version of the node's assembly without the source revision.</summary>
internal static class NodeSoftwareVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var version = typeof(NodeSoftwareVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
