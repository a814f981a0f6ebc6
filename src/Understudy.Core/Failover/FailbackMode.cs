namespace Understudy.Core.Failover;

/// <summary>Whether a role that failed over returns to a more preferred owner when it comes back.</summary>
public enum FailbackMode
{
    /// <summary>Never (the WSFC default: a move costs downtime; people choose when).</summary>
    Prevent,

    /// <summary>As soon as a more preferred owner is available.</summary>
    Immediate,

    /// <summary>Only inside a daily time window.</summary>
    Window,
}
