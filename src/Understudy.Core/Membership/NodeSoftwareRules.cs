using Understudy.Core.Config;

namespace Understudy.Core.Membership;

/// <summary>What the leader checks before it replicates a <see cref="NodeSoftwareAnnounced"/> that
/// another node handed it: a node of this cluster, a short printable version, a protocol from 1.</summary>
public static class NodeSoftwareRules
{
    /// <summary>The first problem (its path the command's JSON field), or null.</summary>
    public static ConfigError? Check(NodeSoftwareAnnounced command, ClusterConfig config)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(config);
        if (config.FindNode(command.Node) is null)
        {
            return new("node", null, null, $"'{command.Node}' is not a node of this cluster");
        }

        if (string.IsNullOrEmpty(command.Version) || command.Version.Length > DatabaseProtocol.MaxVersionLength || command.Version.Any(char.IsControl))
        {
            return new("version", null, null, $"the version must be 1..{DatabaseProtocol.MaxVersionLength} printable characters");
        }

        return command.Protocol < 1 ? new("protocol", null, null, $"protocol {command.Protocol} is out of range; expected 1 or more") : null;
    }
}
