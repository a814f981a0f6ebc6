using System.Net;

namespace Understudy.Core.Config;

/// <summary>One member of the cluster as declared in the cluster file.</summary>
public sealed record NodeConfig
{
    /// <summary>Default port of the HTTP API.</summary>
    public const int DefaultApiPort = 7400;

    /// <summary>Default TCP port of the Raft transport.</summary>
    public const int DefaultRaftPort = 7401;

    /// <summary>Default UDP port of the heartbeat transport.</summary>
    public const int DefaultHeartbeatPort = 7402;

    /// <summary>Unique node name: letters, digits, '-' and '_', at most 63 characters.</summary>
    public required string Name { get; init; }

    /// <summary>The address the node binds and peers reach it on.</summary>
    public required IPAddress Address { get; init; }

    /// <summary>The address the HTTP API listens on (a management network), or null for
    /// <see cref="Address"/>. Heartbeats and Raft stay on <see cref="Address"/>.</summary>
    public IPAddress? ApiAddress { get; init; }

    /// <summary>HTTP API port.</summary>
    public int ApiPort { get; init; } = DefaultApiPort;

    /// <summary>Raft TCP port.</summary>
    public int RaftPort { get; init; } = DefaultRaftPort;

    /// <summary>Heartbeat UDP port.</summary>
    public int HeartbeatPort { get; init; } = DefaultHeartbeatPort;

    /// <summary>Whether the node votes in Raft elections and counts for quorum. Default true.</summary>
    public bool Vote { get; init; } = true;

    /// <summary>A quorum witness (WSFC's file-share witness, Corosync's qdevice): it votes and
    /// keeps the cluster database like any node, but no role or clone instance is ever placed on
    /// it, so a small machine can be the third vote of a two-host cluster. Default false.</summary>
    public bool Witness { get; init; }

    /// <summary>Whether the node's API speaks TLS: <see cref="ApiTlsRule.IsOn"/> of the cluster's
    /// <c>api.tls</c> and <see cref="ApiEndPoint"/>, set when the cluster file is read.</summary>
    public bool ApiTls { get; init; }

    /// <summary>Base URL of the node's HTTP API: https:// when <see cref="ApiTls"/>.</summary>
    public string ApiUrl => $"{(ApiTls ? "https" : "http")}://{FormatHost(ApiEndPoint.Address)}:{ApiPort}";

    /// <summary>Where the HTTP API listens: <see cref="ApiAddress"/>, else <see cref="Address"/>.</summary>
    public IPEndPoint ApiEndPoint => new(ApiAddress ?? Address, ApiPort);

    /// <summary>Raft endpoint.</summary>
    public IPEndPoint RaftEndPoint => new(Address, RaftPort);

    /// <summary>Heartbeat endpoint.</summary>
    public IPEndPoint HeartbeatEndPoint => new(Address, HeartbeatPort);

    private static string FormatHost(IPAddress address) =>
        address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
}
