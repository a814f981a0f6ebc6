using Understudy.Core.Database;

namespace Understudy.Core.Membership;

/// <summary>A node says which software version and database protocol it runs. Recorded per node;
/// an event only when it differs from what the database held (a node upgraded or downgraded).</summary>
public sealed record NodeSoftwareAnnounced(DateTimeOffset At, string Node, string Version, int Protocol)
    : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state)
    {
        var version = Version.Length > DatabaseProtocol.MaxVersionLength ? Version[..DatabaseProtocol.MaxVersionLength] : Version;
        var software = new NodeSoftware(version, Protocol);
        if (state.Software.TryGetValue(Node, out var known) && known == software)
        {
            return state;
        }

        var next = state with { Software = state.Software.SetItem(Node, software) };
        return next.WithEvent(At, "NodeSoftware", null, Node, known is null
            ? $"runs {version} (database protocol {Protocol})"
            : $"now runs {version} (database protocol {Protocol}); was {known.Version} (protocol {known.Protocol})");
    }
}
