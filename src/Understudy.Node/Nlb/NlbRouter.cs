using System.Collections.Concurrent;
using System.Net;
using Understudy.Core.Config;
using Understudy.Core.Nlb;
using Understudy.Node.Hosting;

namespace Understudy.Node.Nlb;

/// <summary>
/// Picks the member for a new connection: the rule covering the local port, the client's
/// bucket, the bucket's owner in the current committed map. With extended affinity, a client
/// seen within the rule's timeout stays on its member while that member may take connections for
/// the rule (it is in the rule's map: eligible, weight above 0, its clone instance Online).
/// In distributed mode every connection a host accepted is its own bucket's (its packet filter
/// kept only those), and it stays with the host's own member to its end: no host forwards
/// another's traffic, not even when the bucket has moved since.
/// </summary>
internal sealed class NlbRouter(ClusterConfig config, NodeIdentity self, NlbViewSource views, AffinityMemory affinity)
{
    private readonly ConcurrentDictionary<(string Member, int Port), NlbTarget> _targets = new();
    private readonly ConcurrentDictionary<(string Owner, string? Next, int Port), NlbRoute> _routes = new();

    /// <summary>The route of a connection from <paramref name="client"/> to local <paramref name="port"/>, or null to refuse it.</summary>
    public NlbRoute? Pick(NlbProtocol protocol, int port, IPAddress client, int clientPort)
    {
        if (views.Current is not { } view || view.RuleFor(protocol, port) is not { } rule || rule.Rule.Mode == FilteringMode.Disabled)
        {
            return null;
        }

        if (view.Config.Mode == NlbMode.Distributed)
        {
            var own = (self.Name, (string?)null, port - rule.Rule.FirstPort + rule.Rule.TargetPort);
            return _routes.TryGetValue(own, out var mine) ? mine : _routes.GetOrAdd(own, NewRoute);
        }

        var key = AffinityKey.Hash(rule.Rule.Affinity, client, clientPort);
        var bucket = (int)(key % BucketMap.BucketCount);
        var owner = rule.Map.OwnerOf(bucket);
        var next = rule.Map.NextOwnerOf(bucket);
        if (rule.Rule.ExtendedAffinity > TimeSpan.Zero)
        {
            if (affinity.TryGet(rule.Rule.Name, key, out var held, out var age)
                && ExtendedAffinity.Keeps(age, rule.Rule.ExtendedAffinity)
                && held != owner
                && rule.Map.Members.Contains(held))
            {
                (owner, next) = (held, owner);
            }

            if (owner is not null)
            {
                affinity.Remember(rule.Rule.Name, key, owner);
            }
        }

        if (owner is null)
        {
            return null;
        }

        // Routes are made once per owner, next owner and port: the HTTP loops pick one per
        // request, and allocating none keeps the garbage collector (and its pauses) away.
        var route = (owner, next, port - rule.Rule.FirstPort + rule.Rule.TargetPort);
        return _routes.TryGetValue(route, out var known) ? known : _routes.GetOrAdd(route, NewRoute);
    }

    private NlbRoute NewRoute((string Owner, string? Next, int Port) key) =>
        new(key.Owner, Target(key.Owner, key.Port), key.Next, key.Next is null ? null : Target(key.Next, key.Port));

    /// <summary>The route of a connection to a port no rule covers: the default host (the eligible
    /// member with the highest host priority) at the same port, the next one for the retry.</summary>
    public NlbRoute? PickUncovered(int port)
    {
        if (views.Current is not { } view || UncoveredTraffic.Hosts(view) is not ({ } owner, var next))
        {
            return null;
        }

        var route = (owner, next, port);
        return _routes.TryGetValue(route, out var known) ? known : _routes.GetOrAdd(route, NewRoute);
    }

    private NlbTarget Target(string member, int port) =>
        _targets.TryGetValue((member, port), out var known) ? known : _targets.GetOrAdd((member, port), NewTarget);

    private NlbTarget NewTarget((string Member, int Port) key)
    {
        return new NlbTarget(new IPEndPoint(config.FindNode(key.Member)!.Address, key.Port));
    }
}
