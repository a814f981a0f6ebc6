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
/// With <c>witnessed</c> (the node's behaviour), an owner that missed two renewals asks every
/// member it reaches to note it (<see cref="LeaseWitness.Refusal"/> on that member's copy), and
/// the leader releases a Down node's roles only once the members it reaches, fenced, say their
/// promises have ended (<see cref="LeaseWitness.WitnessedEnd"/>); a node that sees a release
/// awaited from it reports it when it reaches the leader. Nodes can be frozen (SIGSTOP): they
/// neither send, answer nor renew, and the others elect a leader <c>electionDelay</c> after
/// losing theirs. Time advances in 10 ms steps with seeded jitter.
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
    private readonly Dictionary<(string Witness, string Node), TimeSpan> _promised = [];
    private readonly Dictionary<(string Witness, string Node), long> _fenced = [];
    private readonly HashSet<string> _frozen = [];
    private readonly HashSet<(string, string)> _cuts = [];
    private readonly IReadOnlyList<string>? _electionOrder;
    private long _term = 1;
    private ClusterState _committed;
    private HashSet<string> _side = [.. Names];

    public LeasePartitionModel(int seed, string leader, LeaseTiming? timing = null, IReadOnlyList<string>? electionOrder = null, bool witnessed = true, TimeSpan? electionDelay = null)
    {
        _electionOrder = electionOrder;
        Witnessed = witnessed;
        ElectionDelay = electionDelay ?? TimeSpan.FromMilliseconds(300);
        Timing = timing ?? LeaseTiming.Default;
        _random = new Random(seed);
        Leader = leader;
        _leaderOf[_term] = leader;
        var role = new RoleDefinition
        {
            Name = "r",
            Resources = [new ResourceDefinition { Name = "p", Kind = ResourceKind.Probe, Probe = ProbeSpec.Tcp("127.0.0.1:1") }],
            PreferredOwners = ["A"],
            Failover = new FailoverPolicy(1000, TimeSpan.FromHours(6)),
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

    /// <summary>Whether owners may keep their lease by a majority's notes (the node's behaviour).</summary>
    public bool Witnessed { get; }

    /// <summary>How long the survivors take to elect a leader once theirs is gone.</summary>
    public TimeSpan ElectionDelay { get; }

    /// <summary>The committed database.</summary>
    public ClusterState Committed => _committed;

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

    /// <summary>SIGSTOP: the node neither sends, answers nor renews until <see cref="Thaw"/>.</summary>
    public void Freeze(string node) => _frozen.Add(node);

    public void Thaw(string node) => _frozen.Remove(node);

    /// <summary>Cuts the one link between <paramref name="a"/> and <paramref name="b"/> (a bridge:
    /// the third node still reaches both) until <see cref="Mend"/>.</summary>
    public void Cut(string a, string b) => _cuts.Add(Link(a, b));

    public void Mend(string a, string b) => _cuts.Remove(Link(a, b));

    private static (string, string) Link(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    private bool Connected(string a, string b) =>
        a == b || (!_frozen.Contains(a) && !_frozen.Contains(b) && _side.Contains(a) == _side.Contains(b) && !_cuts.Contains(Link(a, b)));

    // The nodes reachable from n, n included (none but itself when frozen).
    private IEnumerable<string> Reach(string n) => Names.Where(m => Connected(n, m));

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
        foreach (var node in Names.Where(n => Now >= _nextRenew[n] && !_frozen.Contains(n)))
        {
            _nextRenew[node] = Now + TimeSpan.FromMilliseconds(200 + _random.Next(0, 50));
            if (Leader is { } leader && Connected(node, leader) && Reach(leader).Count() >= 2)
            {
                _lastGrant[node] = Now; // the leader notes the grant, and the lease runs from the request:
                _leaseUntil[node] = Now + (node == leader ? Timing.LeaderLease : Timing.Lease); // the leader's own is shorter
                _copies[node] = _committed;      // the barrier brings the copy up to date
            }
            else if (Witnessed && Now < _leaseUntil[node] && Now - _lastGrant.GetValueOrDefault(node) > 2 * Timing.Renew)
            {
                RenewByNotes(node);
            }
        }

        if (Leader is { } current && Reach(current).Count() >= 2)
        {
            Decide(current);
        }
    }

    private void ElectIfNeeded()
    {
        // The old leader loses leadership when cut off from the majority; the majority elects
        // one of its own after a 300 ms election timeout.
        if (Leader is { } leader && (!_side.Contains(leader) || _frozen.Contains(leader)))
        {
            Leader = null;
            LeaderSince = Now + ElectionDelay;
        }

        var candidates = _side.Where(n => !_frozen.Contains(n)).Order(StringComparer.Ordinal).ToArray();
        if (Leader is null && Now >= LeaderSince && candidates.Length >= 2)
        {
            // Any node of the majority may win (the first of a given order, or by chance); every
            // node connected to it sees its LeaderElected.
            Leader = _electionOrder?.FirstOrDefault(candidates.Contains) ?? candidates[_random.Next(candidates.Length)];
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
        var expired = ExpiredLeases.Of(_committed, Names, leader, LastGrant, LeaderSince, predecessor, Now, Timing)
            .Where(n => !Witnessed || LeaseWitness.FenceToken(_committed, n) is not { } token || FencedAndEnded(leader, n, token))
            .ToImmutableHashSet(StringComparer.Ordinal);
        var view = new FailoverView(Names, expired);
        foreach (var command in FailoverDecisions.Decide(_committed, view, Epoch + Now))
        {
            Commit(command);
        }

        // A node that sees a release awaited from it, and runs nothing of the role, reports it.
        foreach (var node in Reach(leader).ToList())
        {
            if (_copies[node].Roles["r"] is { } awaited && awaited.AwaitingRelease == node && RunOf(node) is null)
            {
                var report = new RoleReport("r", node, awaited.FencingToken, RoleReportKind.Released, null, null);
                foreach (var command in FailoverDecisions.OnReport(_committed, view, report, Epoch + Now))
                {
                    Commit(command);
                }
            }
        }

        var role = _committed.Roles["r"];
        if (role is { State: RoleState.Pending, Owner: { } owner } && RunOf(owner) is { } run && run.Key.Token == role.FencingToken)
        {
            Commit(new RoleOnline(Epoch + Now, "r", role.FencingToken));
        }
    }

    /// <summary>Leases and copies, for failure messages.</summary>
    public string Describe() => string.Join("; ", Names.Select(n => $"{n}: lease {(_leaseUntil[n] > Now ? "held" : "not held")}, copy owner {_copies[n].Roles["r"].Owner} token {_copies[n].Roles["r"].FencingToken} state {_copies[n].Roles["r"].State} awaiting {_copies[n].Roles["r"].AwaitingRelease}"));

    // The owner asks every member it reaches to note it; noted by a majority, its lease runs on.
    private void RenewByNotes(string node)
    {
        var claims = LeaseWitness.ClaimsOf(_copies[node], node);
        var noted = 0;
        foreach (var member in Reach(node))
        {
            var fence = _fenced.TryGetValue((member, node), out var f) ? f : (long?)null;
            if (LeaseWitness.Refusal(_copies[member], node, claims, fence) is null)
            {
                _promised[(member, node)] = Now + Timing.Lease + Timing.Margin;
                noted++;
            }
        }

        if (noted >= LeaseWitness.Majority(Names.Length))
        {
            _leaseUntil[node] = Now + Timing.Lease;
        }
    }

    // The leader fences node on every member it reaches and asks when their promises end.
    private bool FencedAndEnded(string leader, string node, long token)
    {
        var ends = new List<TimeSpan>();
        foreach (var member in Reach(leader))
        {
            _fenced[(member, node)] = Math.Max(token, _fenced.GetValueOrDefault((member, node)));
            ends.Add(_promised.GetValueOrDefault((member, node)));
        }

        return LeaseWitness.WitnessedEnd(ends, Names.Length) is { } end && Now > end;
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
