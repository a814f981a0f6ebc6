using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Understudy.Core.Nlb;

namespace Understudy.Core.Config;

/// <summary>
/// What each <c>nlb.mode</c> needs of the rest of the file (docs/nlb.md, "Modes"). Local mode
/// is chosen when every node is a loopback address (one network stack); distributed otherwise.
/// Whether the nodes really are on separate hosts is checked again by each node at start, where
/// its own addresses are known.
/// </summary>
internal static class NlbModeChecks
{
    /// <summary>Reports what <paramref name="mode"/> cannot do with this section; true if nothing.</summary>
    public static bool Check(NlbMode mode, IPAddress? address, int? uncovered, ImmutableArray<PortRule>? rules, ClusterFileDraft draft, MappingReader section, ConfigErrorList errors)
    {
        var at = section.Optional("mode") ?? section.Node;
        var before = errors.ToImmutable().Length;
        switch (mode)
        {
            case NlbMode.Director:
                if (address is not null && IPAddress.IsLoopback(address))
                {
                    errors.Add(section.PathOf("address"), section.Optional("address")!, $"{address} is a loopback address; director mode moves the cluster address between the hosts' LAN interfaces, so give it a free LAN address (or use mode: local on one machine)");
                }

                if (uncovered is not null)
                {
                    errors.Add(section.PathOf("uncoveredPort"), section.Optional("uncoveredPort")!, "director mode forwards the rules' ports only; remove uncoveredPort (or use mode: local)");
                }

                if (draft.Roles.Any(r => r.Name == DirectorRole.Name))
                {
                    errors.Add(section.PathOf("mode"), at, $"director mode adds the failover role '{DirectorRole.Name}' (the cluster address), but the file already has a role of that name; rename that role");
                }

                break;
            case NlbMode.Distributed:
                if (draft.Nodes is { } nodes && nodes.All(n => IPAddress.IsLoopback(n.Address)))
                {
                    errors.Add(section.PathOf("mode"), at, $"distributed mode needs the nodes on separate hosts, but every node's address is a loopback address of one network stack ({string.Join(", ", nodes.Select(n => $"{n.Name} {n.Address}"))}); use mode: local");
                }

                if (address is { AddressFamily: not AddressFamily.InterNetwork })
                {
                    errors.Add(section.PathOf("address"), section.Optional("address")!, $"{address} is not IPv4; distributed mode filters IPv4 only (use mode: local for an IPv6 cluster address)");
                }

                if (uncovered is not null)
                {
                    errors.Add(section.PathOf("uncoveredPort"), section.Optional("uncoveredPort")!, "distributed mode receives every port on every host: the default host takes ports no rule covers by itself; remove uncoveredPort");
                }

                for (var i = 0; i < (rules?.Length ?? 0); i++)
                {
                    if (rules!.Value[i].ExtendedAffinity > TimeSpan.Zero)
                    {
                        errors.Add($"{section.PathOf("rules")}[{i}].extendedAffinity", section.Optional("rules")!, "distributed mode has no forwarding to keep a client on a former member; set extendedAffinity: 0s or use mode: local");
                    }
                }

                break;
            case NlbMode.Local:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, null);
        }

        return errors.ToImmutable().Length == before;
    }
}
