namespace Understudy.Node.Resources;

/// <summary>What a resource instance knows of the ownership it runs under.</summary>
/// <param name="Role">Role name.</param>
/// <param name="Token">Fencing token of this ownership (UNDERSTUDY_FENCING_TOKEN).</param>
/// <param name="Node">This node's name.</param>
/// <param name="RoleDirectory">The role's directory under the node's data directory (logs, default working directory).</param>
/// <param name="LeaseFile">The node's lease file, watched by guards.</param>
internal sealed record RoleContext(string Role, long Token, string Node, string RoleDirectory, string LeaseFile);
