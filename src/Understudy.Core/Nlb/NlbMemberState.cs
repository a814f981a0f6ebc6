namespace Understudy.Core.Nlb;

/// <summary>A member's load-balancing state as committed in the cluster database.</summary>
public enum NlbMemberState
{
    /// <summary>Takes its share of new connections (the initial state, as Windows NLB's default).</summary>
    Started,

    /// <summary>Takes no new connections.</summary>
    Stopped,

    /// <summary>Takes no new connections; open ones finish, then the member is Stopped.</summary>
    Draining,

    /// <summary>Out of the cluster until resumed; only <c>resume</c> changes it.</summary>
    Suspended,
}
