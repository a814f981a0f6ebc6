using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Understudy.Core.Nlb;
using Understudy.Core.Nlb.Steering;
using Understudy.Node.Native;

namespace Understudy.Node.Nlb.Steering;

/// <summary>
/// Steers each new TCP connection to the cluster address to the listener of its bucket owner's
/// node, as Windows NLB has only the owning host accept it: the node that forwards a connection is
/// the node that owns it, so a node that dies takes only its own buckets' connections with it, not
/// other members' clients it happened to be forwarding. Every node of the host shares, per rule, a
/// pinned owners map (bucket → owner's slot) and socket array (its listeners), and attaches
/// <see cref="SteeringProgram"/> to its cluster-address listeners; the kernel runs it on every SYN.
/// Where the kernel or rights do not allow it, nothing changes: the kernel spreads connections
/// over the listeners and each node forwards by the map. UDP is not steered (a datagram flow's
/// node keeps its session to its member across convergence).
/// </summary>
internal sealed partial class ConnectionSteering : IDisposable
{
    // SOL_SOCKET, SO_ATTACH_REUSEPORT_EBPF.
    private const int SolSocket = 1;
    private const int SoAttachReuseportEbpf = 52;
    private const string PinFolder = Bpf.FileSystem + "/understudy";

    private readonly List<RuleSteering> _rules;
    private readonly SteeringStatus _status;
    private readonly ILogger _logger;
    private NlbView? _applied;
    private bool _failing;

    private ConnectionSteering(List<RuleSteering> rules, SteeringStatus status, ILogger logger)
    {
        _rules = rules;
        _status = status;
        _logger = logger;
    }

    /// <summary>Steers the cluster-address <paramref name="listeners"/> (listening already) of this
    /// node with <paramref name="hostPriority"/>, or returns null, having said why, if it cannot.</summary>
    public static ConnectionSteering? TryStart(NlbConfig nlb, int hostPriority, IReadOnlyList<(PortRule Rule, int Port, Socket Socket)> listeners, NlbView? view, SteeringStatus status, ILogger logger)
    {
        ConnectionSteering? Unavailable(string reason)
        {
            status.Unavailable(reason);
            LogUnavailable(logger, reason);
            return null;
        }

        if (listeners.Count == 0)
        {
            // Nothing to steer (UDP rules only): not worth a warning.
            status.Unavailable("no TCP or HTTP rule listens on the cluster address");
            return null;
        }

        if (nlb.ClusterAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            return Unavailable("the cluster address is IPv6; the steering program reads IPv4 headers");
        }

        var rules = new List<RuleSteering>();
        try
        {
            if (!Bpf.EnsureFileSystem())
            {
                return Unavailable($"no BPF filesystem at {Bpf.FileSystem}, and mounting one failed (errno {Bpf.Errno})");
            }

            Directory.CreateDirectory(PinFolder);
            foreach (var group in listeners.GroupBy(l => l.Rule))
            {
                var rule = RuleSteering.Open(nlb, group.Key);
                rules.Add(rule);
                if (view is not null)
                {
                    rule.Write(view);
                }

                foreach (var (_, port, socket) in group)
                {
                    rule.Join(port, hostPriority, socket);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SocketException)
        {
            foreach (var rule in rules)
            {
                rule.Dispose();
            }

            return Unavailable(e.Message);
        }

        LogSteering(logger, nlb.ClusterAddress.ToString(), rules.Count);
        status.Applied(view?.Version ?? -1);
        return new ConnectionSteering(rules, status, logger) { _applied = view };
    }

    /// <summary>Whether the last write was of <paramref name="view"/> (or there is none to write).</summary>
    public bool Follows(NlbView? view) => view is null || ReferenceEquals(view, _applied);

    /// <summary>Writes the owners of every bucket again if the view changed since the last write.</summary>
    public void Refresh(NlbView? view)
    {
        if (view is null || ReferenceEquals(view, _applied))
        {
            return;
        }

        try
        {
            foreach (var rule in _rules)
            {
                rule.Write(view);
            }

            _applied = view;
            _status.Applied(view.Version);
            _failing = false;
        }
        catch (IOException e)
        {
            // Tried again at the next check; said once, not every 100 ms.
            if (!_failing)
            {
                LogWriteFailed(_logger, e.Message);
            }

            _failing = true;
        }
    }

    public void Dispose()
    {
        foreach (var rule in _rules)
        {
            rule.Dispose();
        }
    }

    /// <summary>One rule's shared maps, this node's program and its places in the socket array.</summary>
    private sealed class RuleSteering : IDisposable
    {
        private readonly int _owners;
        private readonly int _sockets;
        private readonly string _socketsPath;
        private readonly string _ownersPath;
        private readonly List<uint> _joined = [];
        private int _program = -1;
        private uint[]? _written;

        private RuleSteering(PortRule rule, int owners, int sockets, string ownersPath, string socketsPath)
        {
            Rule = rule;
            _owners = owners;
            _sockets = sockets;
            _ownersPath = ownersPath;
            _socketsPath = socketsPath;
        }

        public PortRule Rule { get; }

        /// <summary>Opens the rule's pinned maps, creating and pinning them if this node is the first.</summary>
        public static RuleSteering Open(NlbConfig nlb, PortRule rule)
        {
            var stem = $"{PinFolder}/{Convert.ToHexStringLower(nlb.ClusterAddress.GetAddressBytes())}-{rule.FirstPort}-{rule.PortCount}";
            var owners = Shared(stem + "-owners", () =>
            {
                var fd = Bpf.CreateArray("us_owners", BucketMap.BucketCount);
                for (var bucket = 0u; bucket < BucketMap.BucketCount; bucket++)
                {
                    Bpf.Update(fd, bucket, SteeringTable.NoOwner);
                }

                return fd;
            });
            var sockets = Shared(stem + "-sockets", () => Bpf.CreateSocketArray("us_sockets", SteeringTable.SocketCount(rule)));
            return new RuleSteering(rule, owners, sockets, stem + "-owners", stem + "-sockets");
        }

        /// <summary>Writes the owners in <paramref name="view"/> that changed since this node's last write.</summary>
        public void Write(NlbView view)
        {
            if (view.Rules.FirstOrDefault(r => r.Rule.Name == Rule.Name) is not { } map)
            {
                return;
            }

            var owners = SteeringTable.Owners(view, map);
            for (var bucket = 0; bucket < owners.Length; bucket++)
            {
                if (_written is null || _written[bucket] != owners[bucket])
                {
                    Bpf.Update(_owners, (uint)bucket, owners[bucket]);
                }
            }

            _written = owners;
        }

        /// <summary>Puts this node's listener on <paramref name="port"/> in the socket array and
        /// attaches the program to its SO_REUSEPORT group.</summary>
        public unsafe void Join(int port, int hostPriority, Socket listener)
        {
            if (_program < 0)
            {
                var code = SteeringProgram.Build(Rule.Affinity, Rule.FirstPort, Rule.PortCount, _owners, _sockets);
                _program = Bpf.LoadReuseportProgram("us_steer", code, SteeringProgram.License);
            }

            var key = SteeringTable.SocketKey(Rule, port, hostPriority);
            Bpf.UpdateSocket(_sockets, key, (int)listener.SafeHandle.DangerousGetHandle());
            _joined.Add(key);
            var program = _program;
            listener.SetRawSocketOption(SolSocket, SoAttachReuseportEbpf, new ReadOnlySpan<byte>(&program, sizeof(int)));
        }

        /// <summary>Leaves the socket array, and removes the pins once no node's listener is left in it.</summary>
        public void Dispose()
        {
            try
            {
                foreach (var key in _joined)
                {
                    Bpf.Delete(_sockets, key);
                }

                if (!Enumerable.Range(0, SteeringTable.SocketCount(Rule)).Any(k => Bpf.Holds(_sockets, (uint)k)))
                {
                    File.Delete(_ownersPath);
                    File.Delete(_socketsPath);
                }
            }
            catch (IOException)
            {
                // Closing the listeners takes them out of the array anyway.
            }
            finally
            {
                Libc.Close(_owners);
                Libc.Close(_sockets);
                if (_program >= 0)
                {
                    Libc.Close(_program);
                }
            }
        }

        private static int Shared(string path, Func<int> create)
        {
            if (Bpf.TryGet(path) is var existing and >= 0)
            {
                return existing;
            }

            var fd = create();
            if (Bpf.TryPin(fd, path))
            {
                return fd;
            }

            // Another node pinned one first: use that.
            Libc.Close(fd);
            return Bpf.TryGet(path) is var theirs and >= 0 ? theirs : throw new IOException($"bpf: {path} vanished while opening it");
        }
    }

    [LoggerMessage(EventId = 1428, Level = LogLevel.Information, Message = "NLB: new connections to {Cluster} are steered to their bucket owner's node ({Rules} rules, eBPF on the SO_REUSEPORT listeners)")]
    private static partial void LogSteering(ILogger logger, string cluster, int rules);

    [LoggerMessage(EventId = 1429, Level = LogLevel.Warning, Message = "NLB: cannot steer connections to their owner's node ({Reason}); the kernel spreads them over the nodes, and a node that dies takes the connections it was forwarding")]
    private static partial void LogUnavailable(ILogger logger, string reason);

    [LoggerMessage(EventId = 1430, Level = LogLevel.Warning, Message = "NLB: cannot update the steering owners map: {Reason}")]
    private static partial void LogWriteFailed(ILogger logger, string reason);
}
