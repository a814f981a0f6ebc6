namespace Understudy.Node.Failover;

/// <summary>Where this node keeps failover files: the lease files, role logs and working directories.</summary>
/// <param name="root">The node's data directory.</param>
/// <param name="incarnation">This process's incarnation: the lease files are its own (<see cref="Failover.LeaseFile"/>).</param>
internal sealed class NodeDataDirectory(string root, long incarnation)
{
    /// <summary>The node's data directory.</summary>
    public string Root { get; } = root;

    /// <summary>The cluster lease deadline that guards of failover roles watch.</summary>
    public string LeaseFile { get; } = Failover.LeaseFile.Of(root, "lease", incarnation);

    /// <summary>The clone lease deadline that guards of clone instances watch (<see cref="Clones.CloneLease"/>).</summary>
    public string CloneLeaseFile { get; } = Failover.LeaseFile.Of(root, "clone-lease", incarnation);

    /// <summary>A role's own directory (logs, default working directory), created on demand.</summary>
    public string RoleDirectory(string role) => Directory.CreateDirectory(Path.Combine(Root, "roles", role)).FullName;
}
