namespace Understudy.Node.Failover;

/// <summary>Where this node keeps failover files: the lease file, role logs and working directories.</summary>
internal sealed class NodeDataDirectory(string root)
{
    /// <summary>The node's data directory.</summary>
    public string Root { get; } = root;

    /// <summary>The lease deadline that guards watch.</summary>
    public string LeaseFile => Path.Combine(Root, "lease");

    /// <summary>A role's own directory (logs, default working directory), created on demand.</summary>
    public string RoleDirectory(string role) => Directory.CreateDirectory(Path.Combine(Root, "roles", role)).FullName;
}
