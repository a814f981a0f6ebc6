namespace Understudy.Cli.Commands;

/// <summary>Where an installed host keeps its files (packaging/deb, docs/deploy.md).</summary>
internal static class HostPaths
{
    /// <summary>The cluster file that <c>node run</c> reads when no --file is given, and that
    /// <c>status</c> and the other client commands read when it exists and neither --file nor --node is given.</summary>
    public const string ClusterFile = "/etc/understudy/cluster.yaml";

    /// <summary>For client commands: the file given, else <c>UNDERSTUDY_CLUSTER_FILE</c>, else the
    /// installed one if this host has it, else null (the caller's own default: the built-in demo).</summary>
    public static string? ClientClusterFile(string? given) => given ?? ClusterFileVariable.Value() ?? (File.Exists(ClusterFile) ? ClusterFile : null);
}
