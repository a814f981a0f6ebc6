namespace Understudy.Core.Nlb;

/// <summary>An operator's request about one member (<c>understudy nlb OPERATION NODE</c>).</summary>
public enum NlbOperation
{
    /// <summary>Take a share of new connections.</summary>
    Start,

    /// <summary>Take no new connections at once.</summary>
    Stop,

    /// <summary>Take no new connections, let open ones finish, then stop.</summary>
    DrainStop,

    /// <summary>Leave load balancing until resumed.</summary>
    Suspend,

    /// <summary>Come back from suspension, stopped.</summary>
    Resume,
}
