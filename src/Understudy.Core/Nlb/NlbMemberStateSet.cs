using Understudy.Core.Database;

namespace Understudy.Core.Nlb;

/// <summary>A member's load-balancing state changed (an operator's request or a drain's end).</summary>
public sealed record NlbMemberStateSet(DateTimeOffset At, string Node, NlbMemberState State, string Reason) : ClusterCommand(At)
{
    /// <inheritdoc/>
    public override ClusterState ApplyTo(ClusterState state) => state with
    {
        Nlb = state.Nlb.WithMember(state.Nlb.MemberOrInitial(Node) with { State = State, Since = At, Reason = Reason }),
    };
}
