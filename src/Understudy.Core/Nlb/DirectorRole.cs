using System.Collections.Immutable;
using Understudy.Core.Failover;

namespace Understudy.Core.Nlb;

/// <summary>
/// Director mode's failover role (<c>nlb.mode: director</c>, docs/nlb.md): the cluster address as
/// an <c>address</c> resource, so it is on exactly one member's LAN interface — added there with a
/// gratuitous ARP, removed from the old holder, and removed by the lease guard of a holder that
/// loses its lease, as any role address. Every member listens on the cluster address (it may bind
/// it before holding it), so whichever member holds it forwards by the bucket map from then on.
/// The cluster file reader adds this role; its name is reserved.
/// </summary>
public static class DirectorRole
{
    /// <summary>The role's name, reserved in director mode.</summary>
    public const string Name = "nlb-director";

    /// <summary>The role's address resource.</summary>
    public const string AddressResource = "cluster-address";

    /// <summary>The role for <paramref name="nlb"/>: any member may hold the address, the
    /// members in host-priority order preferred, started before other roles.</summary>
    public static RoleDefinition For(NlbConfig nlb)
    {
        ArgumentNullException.ThrowIfNull(nlb);
        var bits = nlb.ClusterAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        ImmutableArray<string> members = [.. nlb.Members.OrderBy(m => m.HostPriority).Select(m => m.Node)];
        return new RoleDefinition
        {
            Name = Name,
            Resources =
            [
                new ResourceDefinition
                {
                    Name = AddressResource,
                    Kind = ResourceKind.Address,
                    Address = new AddressSpec(nlb.ClusterAddress.ToString(), bits, nlb.Interface),
                },
            ],
            PreferredOwners = members,
            PossibleOwners = members,
            Priority = StartPriority.High,
        };
    }
}
