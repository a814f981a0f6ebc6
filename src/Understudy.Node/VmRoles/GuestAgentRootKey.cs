namespace Understudy.Node.VmRoles;

/// <summary>The root of this cluster's guest-agent keys (<see cref="Core.Security.ClusterKeys.GuestAgentKey"/>). Never logged.</summary>
internal sealed class GuestAgentRootKey(ReadOnlyMemory<byte> key)
{
    public ReadOnlyMemory<byte> Key { get; } = key;

    public override string ToString() => "GuestAgentRootKey(***)";
}
