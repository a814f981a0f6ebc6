namespace Understudy.Cli.Commands;

/// <summary>Where nodes keep their state when no --data-dir is given: under systemd's
/// <c>$STATE_DIRECTORY</c> (the unit's <c>StateDirectory=understudy</c>, so /var/lib/understudy)
/// when it is set, else under ./.understudy; in either, CLUSTER/NODE.</summary>
internal static class DataDirectories
{
    /// <summary>Set by systemd from <c>StateDirectory=</c>; colon-separated when the unit names several.</summary>
    public const string StateDirectoryVariable = "STATE_DIRECTORY";

    public static string Root(string? given) => Path.GetFullPath(given ?? Path.Combine(Environment.CurrentDirectory, ".understudy"));

    public static string ForNode(string root, string cluster, string node) => Path.Combine(root, cluster, node);

    /// <summary>A node's directory when none was given: the first of <paramref name="stateDirectory"/>
    /// if it names any, else ./.understudy in <paramref name="currentDirectory"/>.</summary>
    public static string NodeDefault(string? stateDirectory, string currentDirectory, string cluster, string node)
    {
        var state = stateDirectory?.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        var root = state ?? Path.Combine(currentDirectory, ".understudy");
        return Path.GetFullPath(ForNode(root, cluster, node));
    }
}
