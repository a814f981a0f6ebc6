namespace Understudy.Core.Heartbeats;

/// <summary>Why a received datagram was dropped. Each reason has its own counter.</summary>
public enum HeartbeatRejection
{
    /// <summary>Accepted.</summary>
    None = 0,

    /// <summary>Shorter than the fixed header plus MAC.</summary>
    Truncated,

    /// <summary>Longer than the codec's maximum datagram size.</summary>
    Oversized,

    /// <summary>Does not start with the protocol magic.</summary>
    BadMagic,

    /// <summary>A protocol version this node does not speak.</summary>
    UnsupportedVersion,

    /// <summary>The HMAC does not verify under the cluster key: forged, corrupted, or another cluster.</summary>
    BadMac,

    /// <summary>Authentic but structurally invalid (bad lengths, bad name, unknown kind).</summary>
    Malformed,

    /// <summary>A sequence number already seen, or too old for the replay window.</summary>
    Replayed,

    /// <summary>From an older incarnation of the sender than one already seen.</summary>
    StaleIncarnation,

    /// <summary>Authentic, but the sender is not a member of this cluster.</summary>
    UnknownSender,
}
