namespace Understudy.Node.Dashboard;

/// <summary>The dashboard's limits and rhythm (docs/operations.md "Dashboard").</summary>
internal sealed record DashboardOptions
{
    /// <summary>16 open pages per node: a team's worth of screens. Each costs a status document per
    /// second; more are refused (503) so that no one can tie a node up with idle streams.</summary>
    public int MaxSubscribers { get; init; } = 16;

    /// <summary>250 ms: how often a stream looks for a newer committed state. A node that goes
    /// Down is on every open page a quarter of a second after the leader commits it.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>1 s: a stream sends the document at least this often even when nothing was
    /// committed, because heartbeat ages and connection counts move without commits.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>1 s: how old the other nodes' answers (their VMs, their connections) may be before
    /// they are asked again; one round of questions serves every open page.</summary>
    public TimeSpan PeerRefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>2 s: how long a peer has to answer; a node that does not is shown as such. A
    /// busy node answers a small read in milliseconds, but 2-core test machines stall for longer.</summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>40: the newest events the page lists (the whole log is <c>GET /api/events</c>).</summary>
    public int EventsShown { get; init; } = 40;
}
