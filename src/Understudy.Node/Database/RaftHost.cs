using System.Net;
using DotNext.IO.Log;
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
    NodeChanges changes,
    ILoggerFactory loggers) : IHostedService, IAsyncDisposable
{
    private ClusterStateMachine? _stateMachine;
    private WriteAheadLog? _log;
    private RaftCluster? _cluster;
    private long _leadingTerm = -1; // the term this node became leader in, -1 while it does not lead (AppendTerm)

    /// <summary>The running cluster member; null before start.</summary>
    public RaftCluster? Cluster => _cluster;

    /// <summary>The applied cluster database.</summary>
    public ClusterState State => _stateMachine?.Current ?? ClusterState.Empty;

    /// <summary>Name of the node the leader's endpoint belongs to, or null without a leader.</summary>
    public string? LeaderName =>
        _cluster?.Leader?.EndPoint is IPEndPoint leader
            ? config.Nodes.FirstOrDefault(n => n.RaftEndPoint.Equals(leader))?.Name
            : null;

    /// <summary>
    /// True when Raft names this node leader, also in the moment before it hands the node
    /// leadership (<see cref="IsLeader"/> turns true a little after the leader-changed event).
    /// </summary>
    public bool NamedLeader => _cluster?.Leader is { IsRemote: false };

    /// <summary>True while this node is the leader.</summary>
    public bool IsLeader => _cluster is { } c && !c.LeadershipToken.IsCancellationRequested;

    /// <summary>True while this node is part of a majority that has a leader.</summary>
    public bool HasQuorum => _cluster is { } c && c.Leader is not null && !c.ConsensusToken.IsCancellationRequested;

    /// <summary>Current Raft term.</summary>
    public long Term => _cluster?.Term ?? 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timing = RaftTiming.Default;
        var root = Directory.CreateDirectory(Path.Combine(dataDirectory, "raft"));
        _stateMachine = new ClusterStateMachine(root.CreateSubdirectory("snapshots"), loggers.CreateLogger<ClusterStateMachine>());
        _stateMachine.Applied += _ => changes.Raise();
        await _stateMachine.RestoreAsync(cancellationToken);
        _log = new WriteAheadLog(new WriteAheadLog.Options { Location = root.CreateSubdirectory("log").FullName }, _stateMachine);

        var storage = new StaticMemberStorage(config.Nodes.Select(n => n.RaftEndPoint));
        var configuration = new RaftCluster.TcpConfiguration(self.Node.RaftEndPoint)
        {
            ColdStart = false,
            // A witness votes and keeps the log but is never elected: the leader runs the
            // cluster's decisions (failover, membership, NLB), which a witness does not host.
            Standby = !self.Node.Vote || self.Node.Witness,
            LowerElectionTimeout = timing.LowerElectionTimeoutMs,
            UpperElectionTimeout = timing.UpperElectionTimeoutMs,
            RequestTimeout = timing.RequestTimeout,
            ConnectTimeout = timing.ConnectTimeout,
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
        _cluster.LeaderChanged += OnLeaderChanged;
        await _cluster.StartAsync(cancellationToken);
    }

    /// <summary>
    /// Appends <paramref name="command"/>, waits until it is committed, then until a majority has
    /// it on disk. Leader only.
    /// </summary>
    /// <remarks>
    /// DotNext's WriteAheadLog (6.12) flushes the leader's own log before a commit returns, but a
    /// follower acknowledges appended entries before its background flush has written them and
    /// the checkpoint that vouches for them; after a crash the log trusts only its checkpoint. A
    /// cluster that loses every node at once within that window could elect a follower that
    /// never had the entry and roll the commit back (dotNext discussion #285) — an owner change,
    /// a fencing token handed out twice. The read barrier is one more replication round, which
    /// carries the new commit index: a follower answers it only after committing, and committing
    /// waits until its log is flushed to that index. So when this returns, a majority has the
    /// command durably, and any leader elected later has it. Cost: one round trip per change
    /// (docs/reliability.md has the failover bench before and after).
    /// <para>The entry carries the term this node leads, never DotNext's current term read at
    /// the call (<see cref="AppendTerm"/>): a leader stepping down has already raised its current
    /// term to the new leader's, and an entry stamped with it would pass for the new leader's own
    /// entry at that index.</para>
    /// </remarks>
    public async Task ReplicateAsync(ClusterCommand command, CancellationToken token)
    {
        var cluster = _cluster ?? throw new InvalidOperationException("Raft has not started");
        var log = _log ?? throw new InvalidOperationException("Raft has not started");
        var current = cluster.Term;
        if (AppendTerm.ForLeader(current, Volatile.Read(ref _leadingTerm), await LastEntryTermAsync(log, token)) is not { } term)
        {
            throw new NotLeaderException();
        }

        await cluster.ReplicateAsync(new BinaryLogEntry { Content = CommandCodec.Encode(command), Term = term }, token);
        await cluster.ApplyReadBarrierAsync(ReadBarrierType.Strong, token);
    }

    private void OnLeaderChanged(DotNext.Net.Cluster.ICluster sender, DotNext.Net.Cluster.IClusterMember? leader)
    {
        Volatile.Write(ref _leadingTerm, leader is { IsRemote: false } && _cluster is { } cluster ? cluster.Term : -1);
        changes.Raise();
    }

    /// <summary>Term of the last entry in <paramref name="log"/> (of the snapshot covering it), 0 when empty.</summary>
    internal static ValueTask<long> LastEntryTermAsync(WriteAheadLog log, CancellationToken token) =>
        log.ReadAsync(LastTermReader.Instance, log.LastEntryIndex, log.LastEntryIndex, token);

    /// <summary>Reads the term of the one entry asked for (of the snapshot, when one covers it).</summary>
    private sealed class LastTermReader : ILogEntryConsumer<IRaftLogEntry, long>
    {
        public static readonly LastTermReader Instance = new();

        bool ILogEntryConsumer<IRaftLogEntry, long>.LogEntryMetadataOnly => true;

        ValueTask<long> ILogEntryConsumer<IRaftLogEntry, long>.ReadAsync<TEntry, TList>(TList entries, long? snapshotIndex, CancellationToken token) =>
            ValueTask.FromResult(entries.Count > 0 ? entries[entries.Count - 1].Term : 0L);
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
