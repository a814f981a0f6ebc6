namespace Understudy.Core.Heartbeats;

/// <summary>What sent a heartbeat.</summary>
public enum HeartbeatKind : byte
{
    /// <summary>A cluster node heartbeating its peers.</summary>
    Node = 1,

    /// <summary>A guest agent heartbeating its host (VM monitoring).</summary>
    GuestAgent = 2,
}
