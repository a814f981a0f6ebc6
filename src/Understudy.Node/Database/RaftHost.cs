using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Understudy.Core.Config;
using Understudy.Core.Database;
using Understudy.Node.Hosting;
using Understudy.Node.Security;
using SslOptions = DotNext.Net.Security.SslOptions;

namespace Understudy.Node.Database;

/// <summary>
/// Hosts this node's member of the Raft cluster (DotNext, TCP transport with TLS from
/// <see cref="TransportIdentity"/>) and its persisted log. Members are the static list of the
/// cluster file; every node starts with ColdStart off so none elects itself alone.
/// </summary>
internal sealed partial class RaftHost(
    ClusterConfig config,
    NodeIdentity self,
    string dataDirectory,
    TransportIdentity identity,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private ClusterStateMachine? _stateMachine;
    private WriteAheadLog? _log;
    private RaftCluster? _cluster;

    /// <summary>The running cluster member; null before start.</summary>
    public RaftCluster? Cluster => _cluster;

    /// <summary>The applied cluster database.</summary>
    public ClusterState State => _stateMachine?.Current ?? ClusterState.Empty;

    /// <summary>Name of the node the leader's endpoint belongs to, or null without a leader.</summary>
    public string? LeaderName =>
        _cluster?.Leader?.EndPoint is IPEndPoint leader
            ? config.Nodes.FirstOrDefault(n => n.RaftEndPoint.Equals(leader))?.Name
            : null;

    /// <summary>True while this node is the leader.</summary>
    public bool IsLeader => _cluster is { } c && !c.LeadershipToken.IsCancellationRequested;

    /// <summary>True while this node is part of a majority that has a leader.</summary>
    public bool HasQuorum => _cluster is { } c && c.Leader is not null && !c.ConsensusToken.IsCancellationRequested;

    /// <summary>Current Raft term.</summary>
    public long Term => _cluster?.Term ?? 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateDirectory(Path.Combine(dataDirectory, "raft"));
        _stateMachine = new ClusterStateMachine(root.CreateSubdirectory("snapshots"), loggers.CreateLogger<ClusterStateMachine>());
        await _stateMachine.RestoreAsync(cancellationToken);
        _log = new WriteAheadLog(new WriteAheadLog.Options { Location = root.CreateSubdirectory("log").FullName }, _stateMachine);

        var storage = new StaticMemberStorage(config.Nodes.Select(n => n.RaftEndPoint));
        var configuration = new RaftCluster.TcpConfiguration(self.Node.RaftEndPoint)
        {
            ColdStart = false,
            Standby = !self.Node.Vote,
            LowerElectionTimeout = 150,
            UpperElectionTimeout = 300,
            RequestTimeout = TimeSpan.FromMilliseconds(500),
            ConnectTimeout = TimeSpan.FromMilliseconds(200),
            ConfigurationStorage = storage,
            LoggerFactory = loggers,
            SslOptions = new SslOptions
            {
                ServerOptions = new()
                {
                    ServerCertificate = identity.Certificate,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = identity.Validate,
                },
                ClientOptions = new()
                {
                    TargetHost = $"understudy-{config.Name}",
                    ClientCertificates = [identity.Certificate],
                    RemoteCertificateValidationCallback = identity.Validate,
                },
            },
        };

        _cluster = new RaftCluster(configuration) { AuditTrail = _log };
        await _cluster.StartAsync(cancellationToken);
    }

    /// <summary>Appends <paramref name="command"/> and waits until it is committed. Leader only.</summary>
    public async Task ReplicateAsync(ClusterCommand command, CancellationToken token)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("Raft has not started");
        await cluster.ReplicateAsync(CommandCodec.Encode(command), context: null, token);
    }

    /// <summary>
    /// A linearizable read barrier: on a follower, asks the leader for its commit index and waits
    /// until this node has applied it; on the leader, confirms leadership with a replication round
    /// to a majority. Success means "recent contact with a leader that has quorum" (the lease).
    /// </summary>
    public async Task ReadBarrierAsync(CancellationToken token)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("Raft has not started");
        await cluster.ApplyReadBarrierAsync(ReadBarrierType.Strong, token);
    }

    /// <summary>Raft index of the last committed entry, or 0 before start.</summary>
    public long CommitIndex => _cluster?.AuditTrail.LastCommittedEntryIndex ?? 0;

    /// <summary>Starts a replication round at once, carrying the commit index to followers.</summary>
    public async Task PushCommitIndexAsync(CancellationToken token)
    {
        if (_cluster is { } cluster && IsLeader)
        {
            try
            {
                await cluster.ForceReplicationAsync(token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Leadership moved on; the next leader replicates on its own.
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is { } cluster)
        {
            await cluster.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _cluster?.Dispose();
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }

        if (_stateMachine is not null)
        {
            await _stateMachine.DisposeAsync();
        }
    }
}
