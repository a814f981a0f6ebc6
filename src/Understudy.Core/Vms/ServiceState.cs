namespace Understudy.Core.Vms;

/// <summary>State of one monitored service as the guest agent reports it (one byte on the wire).</summary>
public enum ServiceState : byte
{
    /// <summary>Its check exited with 0.</summary>
    Running = 1,

    /// <summary>Its check failed.</summary>
    Failed = 2,
}
