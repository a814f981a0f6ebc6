using System.Collections.Immutable;

namespace Understudy.Core.Database;

/// <summary>What an operator's call decides: the commands to commit (none when the cluster is
/// already as asked), or why it is refused.</summary>
/// <param name="Commands">Commands to commit, in order; empty when refused.</param>
/// <param name="Refusal">Why the call is refused, or null.</param>
public sealed record OperatorDecision(ImmutableArray<ClusterCommand> Commands, Refusal? Refusal)
{
    /// <summary>Nothing to commit: the cluster is already as asked.</summary>
    public static OperatorDecision Nothing { get; } = new([], null);

    /// <summary>Commit <paramref name="commands"/>.</summary>
    public static OperatorDecision Commit(params ImmutableArray<ClusterCommand> commands) => new(commands, null);

    /// <summary>Refuse, for <paramref name="refusal"/>.</summary>
    public static OperatorDecision Refuse(Refusal refusal) => new([], refusal);

    /// <summary><see cref="Refuse"/>.</summary>
    public static implicit operator OperatorDecision(Refusal refusal) => Refuse(refusal);
}
