using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Nlb;
using Understudy.Node.Database;
using Understudy.Node.Hosting;
using Understudy.Node.Nlb.Distributed;
using Understudy.Node.Nlb.Loop;
using Understudy.Node.Nlb.Steering;

namespace Understudy.Node.Nlb;

/// <summary>
/// This node's NLB listeners, opened once the cluster has admitted the node: every rule port on
/// the cluster address (SO_REUSEPORT, shared with the other nodes) and on this node's dedicated
/// address. HTTP and TCP rules run on the epoll forwarding loops of <see cref="StreamForwarder"/>,
/// UDP on raw sockets. New connections to the cluster address are steered to their bucket
/// owner's node (<see cref="ConnectionSteering"/>); with an uncovered-traffic port, TCP and UDP to
/// ports no rule covers are received there and sent to the default host.
/// </summary>
internal sealed partial class NlbDataPlane(
    ClusterConfig config,
    NodeIdentity self,
    RaftHost raft,
    NlbRouter router,
    NlbViewSource views,
    SteeringStatus steeringStatus,
    HostFilterStatus filterStatus,
    NlbConnections connections,
    NlbCounters counters,
    NlbCapacityLog capacityLog,
    NodeChanges changes,
    TimeProvider time,
    ILogger<NlbDataPlane> logger) : BackgroundService
{
    /// <summary>
    /// How soon a view that could not be written (an nft or BPF map error) is tried again: 100 ms.
    /// Otherwise the data plane sleeps until a commit (the view is a function of the committed
    /// database), with <see cref="LeaderLoop.IdleWait"/> as the safety net.
    /// </summary>
    public static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.Nlb is not { } nlb || nlb.FindMember(self.Name) is not { } member)
        {
            return;
        }

        var fingerprint = nlb.RulesFingerprint();
        var seen = changes.Version;
        while (raft.State.Nlb.VerdictOn(self.Name, fingerprint, member.HostPriority) is not { Admitted: true })
        {
            seen = await changes.WaitAsync(seen, LeaderLoop.IdleWait, stoppingToken);
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }

        AcceptQueueMigration.Ensure(logger);
        DistributedHost? host = null;
        if (nlb.Mode == NlbMode.Distributed)
        {
            var address = config.FindNode(self.Name)!.Address;
            host = new DistributedHost(nlb, address, self.Name, logger);
            if ((DistributedHost.Unfit(config.Nodes.Select(n => n.Address), address, DistributedHost.LocalAddresses()) ?? await host.StartAsync(stoppingToken)) is { } unfit)
            {
                filterStatus.Unavailable(unfit);
                LogListenFailed(unfit);
                return;
            }
        }


        // Director mode: only the holder of the director role has the cluster address, so only it
        // receives; every member binds it beforehand (IP_FREEBIND) to forward as soon as it holds it.
        var freeBind = nlb.Mode == NlbMode.Director;
        var served = nlb.Rules.Where(r => r.Mode != FilteringMode.Disabled).ToArray();
        var limits = FlowLimits.Fit(nlb.MaxConnections, nlb.MaxUdpSessions, Native.Libc.DescriptorLimit());
        if (limits.Lowered)
        {
            LogLimitsLowered(Native.Libc.DescriptorLimit(), limits.Connections, limits.UdpSessions, nlb.MaxConnections, nlb.MaxUdpSessions, FlowLimits.ReservedDescriptors);
        }

        var sessions = new UdpSessionBudget(limits.UdpSessions);
        var udp = new List<UdpRuleForwarder>();
        var installed = false;
        try
        {
            foreach (var (rule, endPoint, shared) in Endpoints(served.Where(r => r.Protocol == NlbProtocol.Udp), nlb.ClusterAddress, member.DedicatedAddress))
            {
                var forwarder = new UdpRuleForwarder(
                    ReusePortSocket.Bind(endPoint, SocketType.Dgram, shared, freeBind && shared),
                    client => router.Pick(NlbProtocol.Udp, endPoint.Port, client.Address, client.Port),
                    connections,
                    counters,
                    sessions,
                    capacityLog,
                    time,
                    nlb.UdpIdleTimeout);
                forwarder.Start();
                udp.Add(forwarder);
            }

            using var tcp = new StreamForwarder(router, connections, counters, capacityLog, limits.Connections, time);
            var clusterListeners = new List<(PortRule Rule, int Port, Socket Socket)>();
            foreach (var (rule, endPoint, shared) in Endpoints(served.Where(r => r.Protocol != NlbProtocol.Udp), nlb.ClusterAddress, member.DedicatedAddress))
            {
                var socket = ReusePortSocket.Bind(endPoint, SocketType.Stream, shared, freeBind && shared);
                tcp.Listen(socket, rule.Protocol);
                if (shared)
                {
                    clusterListeners.Add((rule, endPoint.Port, socket));
                }
            }

            using var steering = host is not null || nlb.Mode == NlbMode.Director ? null : ConnectionSteering.TryStart(nlb, member.HostPriority, clusterListeners, views.Current, steeringStatus, logger);
            if (nlb.UncoveredPort is { } uncovered)
            {
                installed = await ListenUncoveredAsync(nlb, uncovered, tcp, udp, sessions, stoppingToken);
            }

            tcp.Start();
            LogListening(nlb.ClusterAddress.ToString(), member.DedicatedAddress.ToString(), nlb.Rules.Length);
            await FollowViewsAsync(steering, host, stoppingToken);
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            LogListenFailed(e.Message);
        }
        finally
        {
            foreach (var forwarder in udp)
            {
                await forwarder.DisposeAsync();
            }

            if (host is not null)
            {
                using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await host.StopAsync(cleanup.Token);
            }
        }

        if (installed)
        {
            await RemoveUncoveredTableIfLastAsync(nlb);
        }
    }

    /// <summary>Each port of <paramref name="rules"/> on the cluster address (shared with the other
    /// nodes) and on this node's dedicated address.</summary>
    private static IEnumerable<(PortRule Rule, IPEndPoint EndPoint, bool Shared)> Endpoints(IEnumerable<PortRule> rules, IPAddress cluster, IPAddress dedicated) =>
        from rule in rules
        from address in new[] { (Address: cluster, Shared: true), (Address: dedicated, Shared: false) }
        from port in Enumerable.Range(rule.FirstPort, rule.PortCount)
        select (rule, new IPEndPoint(address.Address, port), address.Shared);

    /// <summary>Listens for TCP and UDP on the uncovered-traffic port, then installs the nftables
    /// table, under the host's lock: a node stopping at the same time sees this node's listener and
    /// leaves the table in place. Whether the table was installed.</summary>
    private async Task<bool> ListenUncoveredAsync(NlbConfig nlb, int port, StreamForwarder tcp, List<UdpRuleForwarder> udp, UdpSessionBudget sessions, CancellationToken token)
    {
        using var hostLock = await UncoveredTrafficRule.LockAsync(nlb, time, token);
        var local = new IPEndPoint(nlb.ClusterAddress, port);
        tcp.ListenUncovered(ReusePortSocket.Bind(local, SocketType.Stream, reusePort: true));
        var datagrams = new UdpRuleForwarder(
            ReusePortSocket.Bind(local, SocketType.Dgram, reusePort: true),
            client => Conntrack.OriginalPort(local, client) is { } original ? router.PickUncovered(original) : null,
            connections,
            counters,
            sessions,
            capacityLog,
            time,
            nlb.UdpIdleTimeout);
        datagrams.Start();
        udp.Add(datagrams);
        return await UncoveredTrafficRule.InstallAsync(nlb, logger, token);
    }

    /// <summary>This node's listeners are closed: the last node of the host removes the table.</summary>
    private async Task RemoveUncoveredTableIfLastAsync(NlbConfig nlb)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            using var hostLock = await UncoveredTrafficRule.LockAsync(nlb, time, timeout.Token);
            await UncoveredTrafficRule.RemoveIfLastAsync(nlb, logger, timeout.Token);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or UnauthorizedAccessException)
        {
            LogCleanupFailed(e.Message);
        }
    }

    /// <summary>Until the node stops, keeps the steering owners map (local mode) or the host
    /// filter's sets (distributed mode) on the current view (each bucket's owner, as committed),
    /// woken by every commit.</summary>
    private async Task FollowViewsAsync(ConnectionSteering? steering, DistributedHost? host, CancellationToken token)
    {
        try
        {
            if (host is null && steering is null)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, time, token);
                return;
            }

            var seen = changes.Version;
            while (!token.IsCancellationRequested)
            {
                var pass = time.GetTimestamp();
                var view = views.Current;
                bool written;
                if (host is not null)
                {
                    await host.RefreshAsync(view, token);
                    filterStatus.Applied(host.AppliedVersion);
                    written = view is null || host.AppliedVersion == view.Version;
                }
                else
                {
                    steering!.Refresh(view);
                    written = steering.Follows(view);
                }

                seen = await changes.NextPassAsync(seen, pass, written ? LeaderLoop.IdleWait : Retry, token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(EventId = 1421, Level = LogLevel.Information, Message = "NLB: listening on {Cluster} and {Dedicated} for {Rules} rules")]
    private partial void LogListening(string cluster, string dedicated, int rules);

    [LoggerMessage(EventId = 1433, Level = LogLevel.Warning, Message = "NLB: could not check whether to remove the uncovered-traffic table: {Reason}")]
    private partial void LogCleanupFailed(string reason);

    [LoggerMessage(EventId = 1439, Level = LogLevel.Warning, Message = "NLB: the descriptor limit ({Limit}) holds {Connections} connections and {Sessions} UDP sessions, fewer than nlb.maxConnections {MaxConnections} / nlb.maxUdpSessions {MaxSessions} with {Reserved} descriptors kept for the node; raise LimitNOFILE to lift them")]
    private partial void LogLimitsLowered(long limit, int connections, int sessions, int maxConnections, int maxSessions, int reserved);

    [LoggerMessage(EventId = 1422, Level = LogLevel.Error, Message = "NLB: cannot listen: {Reason}")]
    private partial void LogListenFailed(string reason);
}
