using System.Collections.Immutable;
using Understudy.Core.Failover;

namespace Understudy.Node.Api;

/// <summary>One role in <see cref="StatusDocument.Roles"/>.</summary>
public sealed record RoleDocument
{
    /// <summary>Role name.</summary>
    public required string Name { get; init; }

    /// <summary><c>Online</c>, <c>Pending</c>, <c>Offline</c> or <c>Failed</c>.</summary>
    public required string State { get; init; }

    /// <summary>The node that owns it, or null.</summary>
    public string? Owner { get; init; }

    /// <summary>Fencing token of the current ownership.</summary>
    public long FencingToken { get; init; }

    /// <summary>Restarts in place on the current owner.</summary>
    public int Restarts { get; init; }

    /// <summary>Resources in declaration order.</summary>
    public required ImmutableArray<ResourceDocument> Resources { get; init; }

    /// <summary>True for a clone role: one instance per eligible node, no owner.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("clone")]
    public bool IsClone { get; init; }

    /// <summary>A clone role's instances by node name order; null for other roles.</summary>
    public ImmutableArray<CloneInstanceDocument>? Instances { get; init; }

    /// <summary>The status document's view of a committed role.</summary>
    public static RoleDocument From(RoleStatus role) => new()
    {
        Name = role.Name,
        State = role.State.ToString(),
        Owner = role.Owner,
        FencingToken = role.FencingToken,
        Restarts = role.Restarts,
        IsClone = role.Definition.IsClone,
        Instances = role.Definition.IsClone ? [.. role.Instances.Values.Select(CloneInstanceDocument.From)] : null,
        Resources =
        [
            .. role.Definition.Resources.Select(r => new ResourceDocument
            {
                Name = r.Name,
                Type = r.Kind.ToString().ToLowerInvariant(),
                State = (role.Resources.TryGetValue(r.Name, out var s) ? s : ResourceState.Offline).ToString(),
            }),
        ],
    };
}

/// <summary>One resource in <see cref="RoleDocument.Resources"/>.</summary>
public sealed record ResourceDocument
{
    /// <summary>Resource name.</summary>
    public required string Name { get; init; }

    /// <summary><c>process</c>, <c>probe</c> or <c>address</c>.</summary>
    public required string Type { get; init; }

    /// <summary><c>Online</c>, <c>Pending</c>, <c>Offline</c> or <c>Failed</c>.</summary>
    public required string State { get; init; }
}
