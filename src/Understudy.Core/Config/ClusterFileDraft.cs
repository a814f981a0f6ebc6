using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Understudy.Core.Detection;

namespace Understudy.Core.Config;

/// <summary>What the section readers have read so far; becomes a <see cref="ClusterConfig"/>
/// once every section is read and no problem was found.</summary>
internal sealed class ClusterFileDraft(string baseDirectory)
{
    /// <summary>Directory of the cluster file, against which a relative <c>keyFile</c> resolves.</summary>
    public string BaseDirectory { get; } = baseDirectory;

    public string? Name { get; set; }

    public ClusterKeySource? Key { get; set; }

    public HeartbeatOptions Heartbeat { get; set; } = HeartbeatOptions.Lan;

    public ImmutableArray<NodeConfig>? Nodes { get; set; }

    public Failover.LeaseTiming Lease { get; set; } = Failover.LeaseTiming.Default;

    public Nlb.NlbConfig? Nlb { get; set; }

    public ApiLimits Api { get; set; } = ApiLimits.Default;

    public QuarantineOptions Quarantine { get; set; } = QuarantineOptions.Default;

    public ImmutableArray<Failover.RoleDefinition> Roles { get; set; } = [];

    public bool TryBuild([NotNullWhen(true)] out ClusterConfig? config)
    {
        config = Name is { } name && Key is { } key && Nodes is { } nodes
            ? new ClusterConfig { Name = name, Key = key, Heartbeat = Heartbeat, Lease = Lease, Nodes = [.. nodes.Select(n => n with { ApiTls = ApiTlsRule.IsOn(Api.Tls, n.ApiEndPoint.Address) })], Nlb = Nlb, Roles = Roles, Api = Api, Quarantine = Quarantine }
            : null;
        return config is not null;
    }
}
