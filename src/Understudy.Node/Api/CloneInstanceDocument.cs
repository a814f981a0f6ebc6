using Understudy.Core.Clones;

namespace Understudy.Node.Api;

/// <summary>One instance in <see cref="RoleDocument.Instances"/>.</summary>
public sealed record CloneInstanceDocument
{
    /// <summary>The node that runs it.</summary>
    public required string Node { get; init; }

    /// <summary><c>Pending</c>, <c>Online</c> or <c>Failed</c>.</summary>
    public required string State { get; init; }

    /// <summary>Restarts in place of this instance.</summary>
    public int Restarts { get; init; }

    /// <summary>The instance's token (UNDERSTUDY_FENCING_TOKEN of its processes).</summary>
    public long Token { get; init; }

    /// <summary>The status document's view of an instance.</summary>
    public static CloneInstanceDocument From(CloneInstance instance) => new()
    {
        Node = instance.Node,
        State = instance.State.ToString(),
        Restarts = instance.Restarts,
        Token = instance.Token,
    };
}
