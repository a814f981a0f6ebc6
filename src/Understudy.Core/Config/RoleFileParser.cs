using System.Collections.Immutable;
using Understudy.Core.Failover;

namespace Understudy.Core.Config;

/// <summary>
/// Reads one role from YAML (a role file for <c>understudy role add -f</c>, or the body of
/// <c>POST /api/roles</c>): the same keys as one entry of the cluster file's <c>roles:</c>.
/// Every problem is reported with its path, as for a cluster file.
/// </summary>
public static class RoleFileParser
{
    /// <summary>The role, or every problem in it.</summary>
    /// <param name="yamlText">The YAML.</param>
    /// <param name="sourceName">How messages name it.</param>
    /// <param name="baseDirectory">Relative working directories resolve against it.</param>
    /// <param name="nodes">The cluster's node names, which owner lists may name.</param>
    public static (RoleDefinition? Role, ImmutableArray<ConfigError> Errors) Parse(string yamlText, string sourceName, string baseDirectory, IReadOnlySet<string> nodes)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        var errors = new ConfigErrorList(sourceName);
        if (YamlDocumentLoader.Load(yamlText, errors) is not { } root)
        {
            return (null, errors.ToImmutable());
        }

        var role = RoleReader.Read(root, string.Empty, baseDirectory, nodes, errors);
        return errors.IsEmpty && role is not null ? (role, []) : (null, errors.ToImmutable());
    }
}
