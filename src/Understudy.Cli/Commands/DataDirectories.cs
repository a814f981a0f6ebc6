namespace Understudy.Cli.Commands;

/// <summary>Where nodes keep their state when no --data-dir is given: ./.understudy/CLUSTER/NODE.</summary>
internal static class DataDirectories
{
    public static string Root(string? given) => Path.GetFullPath(given ?? Path.Combine(Environment.CurrentDirectory, ".understudy"));

    public static string ForNode(string root, string cluster, string node) => Path.Combine(root, cluster, node);
}
