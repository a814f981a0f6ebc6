namespace Understudy.Core.Vms;

/// <summary>What VM monitoring concludes about one VM.</summary>
public enum VmCondition
{
    /// <summary>Started, no heartbeat yet, still within its boot timeout.</summary>
    Booting,

    /// <summary>Heartbeats arrive and no monitored service has failed.</summary>
    Healthy,

    /// <summary>Heartbeated once, then fell silent for longer than its silence window (crashed, hung, host gone).</summary>
    Silent,

    /// <summary>Never heartbeated within its boot timeout.</summary>
    BootTimedOut,

    /// <summary>Heartbeats arrive, but the agent reports a monitored service failed.</summary>
    ServiceFailed,
}
