using System.Collections.Immutable;
using Understudy.Core.Database;
using Understudy.Core.Failover;
using Understudy.Core.Membership;

namespace Understudy.Simulation.Tests.Failover;

/// <summary>
/// A three-node cluster reduced to what decides "who may run the role": leases renewed through
/// grants from the leader every 200 ms (only inside the leader's majority), heartbeats every 250 ms, a
/// leader that commits NodeDown after 1 s of silence and then applies Core's
/// <see cref="FailoverDecisions.Decide"/> with the Down nodes <see cref="ExpiredLeases"/> lists.
/// Each node runs what Core's <see cref="LocalPlan"/> gives it from its lease and its own
/// (possibly stale) copy of the database — the node's own rules, not a model of them.
/// Time advances in 10 ms steps with seeded jitter.
/// </summary>
internal sealed class LeasePartitionModel
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Detection = TimeSpan.FromSeconds(1);
    private static readonly DateTimeOffset Epoch = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly ImmutableArray<string> Names = ["A", "B", "C"];

    private readonly Random _random;
    private readonly Dictionary<string, ClusterState> _copies = [];
    private readonly Dictionary<string, TimeSpan> _leaseUntil = [];
    private readonly Dictionary<string, TimeSpan> _nextRenew = [];
    private readonly Dictionary<(string, string), TimeSpan> _lastHeard = [];
    private readonly Dictionary<string, TimeSpan> _lastGrant = [];
    private readonly Dictionary<long, string> _leaderOf = [];
    private readonly Dictionary<(string Node, long Term), TimeSpan> _seen = [];
    private readonly IReadOnlyList<string>? _electionOrder;
    private long _term = 1;
    private ClusterState _committed;
    private HashSet<string> _side = [.. Names];

    public LeasePartitionModel(int seed, string leader, LeaseTiming? timing = null, IReadOnlyList<string>? electionOrder = null)
    {
        _electionOrder = electionOrder;
        Timing = timing ?? LeaseTiming.Default;
        _random = new Random(seed);
        Leader = leader;
        _leaderOf[_term] = leader;
        var role = new RoleDefinition
        {
            Name = "r",
            Resources = [new ResourceDefinition { Name = "p", Kind = ResourceKind.Probe, Probe = ProbeSpec.Tcp("127.0.0.1:1") }],
            PreferredOwners = ["A"],
        };
        _committed = ClusterState.Empty;
        foreach (var name in Names)
        {
            _committed = _committed.Apply(new NodeUp(Epoch, name, 1, 1, "first heartbeat"), _committed.Version + 1);
            _leaseUntil[name] = TimeSpan.Zero;
            _nextRenew[name] = TimeSpan.Zero;
        }

        _committed = _committed.Apply(new RoleDefined(Epoch, role, "file"), _committed.Version + 1);
        _committed = _committed.Apply(new RoleOwnerChanged(Epoch, "r", "A", MoveKind.Place, false, "placed"), _committed.Version + 1);
        foreach (var name in Names)
        {
            _copies[name] = _committed;
            _seen[(name, _term)] = TimeSpan.Zero;
        }
    }

    public TimeSpan Now { get; private set; }

    /// <summary>The lease timing every node uses.</summary>
    public LeaseTiming Timing { get; }

    public string? Leader { get; private set; }

    public TimeSpan LeaderSince { get; private set; }

    /// <summary>Nodes running the role now.</summary>
    public IReadOnlyList<string> Running => [.. Names.Where(n => RunOf(n) is not null)];

    public string? CommittedOwner => _committed.Roles["r"].Owner;

    /// <summary>Cuts the network into <paramref name="majority"/> and the rest.</summary>
    public void Partition(params string[] majority) => _side = [.. majority];

    public void Heal() => _side = [.. Names];

    private bool Connected(string a, string b) => a == b || _side.Contains(a) == _side.Contains(b);

    public void Advance()
    {
        Now += Step;
        foreach (var from in Names)
        {
            foreach (var to in Names.Where(to => to != from && Connected(from, to) && _random.Next(25) == 0))
            {
                _lastHeard[(to, from)] = Now; // a heartbeat every ~250 ms on average
            }
        }

        ElectIfNeeded();
        foreach (var node in Names.Where(n => Now >= _nextRenew[n]))
        {
            _nextRenew[node] = Now + TimeSpan.FromMilliseconds(200 + _random.Next(0, 50));
            if (Leader is { } leader && Connected(node, leader) && _side.Contains(leader))
            {
                _lastGrant[node] = Now; // the leader notes the grant, and the lease runs from the request:
                _leaseUntil[node] = Now + (node == leader ? Timing.LeaderLease : Timing.Lease); // the leader's own is shorter
                _copies[node] = _committed;      // the barrier brings the copy up to date
            }
        }

        if (Leader is { } current && _side.Contains(current))
        {
            Decide(current);
        }
    }

    private void ElectIfNeeded()
    {
        // The old leader loses leadership when cut off from the majority; the majority elects
        // one of its own after a 300 ms election timeout.
        if (Leader is { } leader && !_side.Contains(leader))
        {
            Leader = null;
            LeaderSince = Now + TimeSpan.FromMilliseconds(300);
        }

        if (Leader is null && Now >= LeaderSince)
        {
            // Any node of the majority may win (the first of a given order, or by chance); every
            // node connected to it sees its LeaderElected.
            var candidates = _side.Order(StringComparer.Ordinal).ToArray();
            Leader = _electionOrder?.FirstOrDefault(_side.Contains) ?? candidates[_random.Next(candidates.Length)];
            LeaderSince = Now;
            _term++;
            _leaderOf[_term] = Leader;
            foreach (var node in Names.Where(n => Connected(n, Leader)))
            {
                _seen[(node, _term)] = Now;
            }
        }
    }

    private void Decide(string leader)
    {
        foreach (var peer in Names.Where(n => n != leader))
        {
            var heard = _lastHeard.TryGetValue((leader, peer), out var t) ? t : TimeSpan.Zero;
            if (Now - heard > Detection && _committed.NodeOrJoining(peer).State == NodeState.Up)
            {
                Commit(new NodeDown(Epoch + Now, peer, "missed heartbeats"));
            }
            else if (Now - heard <= Detection && _committed.NodeOrJoining(peer).State == NodeState.Down)
            {
                Commit(new NodeUp(Epoch + Now, peer, 1, 1, "heartbeats resumed"));
            }
        }

        // The leader of the previous term, if this leader saw it (LeadershipWatch).
        var predecessor = _leaderOf.TryGetValue(_term - 1, out var p) && _seen.TryGetValue((leader, _term - 1), out var seen) ? new LeaderSighting(p, seen) : null;
        TimeSpan? LastGrant(string node) => _lastGrant.TryGetValue(node, out var granted) ? granted : null;
        var expired = ExpiredLeases.Of(_committed, Names, leader, LastGrant, LeaderSince, predecessor, Now, Timing);
        foreach (var command in FailoverDecisions.Decide(_committed, new FailoverView(Names, expired), Epoch + Now))
        {
            Commit(command);
        }

        var role = _committed.Roles["r"];
        if (role is { State: RoleState.Pending, Owner: { } owner } && RunOf(owner) is { } run && run.Key.Token == role.FencingToken)
        {
            Commit(new RoleOnline(Epoch + Now, "r", role.FencingToken));
        }
    }

    // The run of the role node n has now, by its Reconciler's rule: its lease and its copy of the
    // database (every node is in its first incarnation, 1, as NodeUp recorded).
    private DesiredRun? RunOf(string n) =>
        LocalPlan.Runs(_copies[n], new LocalNode(n, 1, "127.0.0.1"), leaseHeld: Now < _leaseUntil[n]).GetValueOrDefault("r");

    private void Commit(ClusterCommand command)
    {
        _committed = _committed.Apply(command, _committed.Version + 1);
        foreach (var node in Names.Where(n => Leader is { } l && Connected(n, l)))
        {
            _copies[node] = _committed;
        }
    }
}
