using Understudy.Node.Api;

namespace Understudy.Cli.Commands;

/// <summary>Where a role runs, for tables: its owner, or a clone role's instances.</summary>
internal static class RoleWhere
{
    /// <summary><c>alpha</c>, <c>-</c>, or <c>clone: alpha Online, bravo Pending (2 restarts)</c>.</summary>
    public static string Text(RoleDocument role) =>
        role.Instances is { } instances
            ? "clone: " + (instances.IsEmpty ? "no instance" : string.Join(", ", instances.Select(i => i.Restarts > 0 ? $"{i.Node} {i.State} ({i.Restarts} restarts)" : $"{i.Node} {i.State}")))
            : role.Owner ?? "-";
}
