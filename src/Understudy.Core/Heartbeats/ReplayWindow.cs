namespace Understudy.Core.Heartbeats;

/// <summary>
/// Anti-replay state for one sender: the highest incarnation seen and, within it, a 64-entry
/// sliding bitmap of sequence numbers, as IPsec ESP (RFC 4303 §3.4.3, algorithm of RFC 2401
/// Appendix C). A datagram that the network reorders by less than 64 sequence numbers is still
/// accepted once; anything older, or seen before, is a replay.
/// </summary>
/// <remarks>Before the first accepted heartbeat <see cref="Incarnation"/> and
/// <see cref="HighestSequence"/> are 0 (valid sequences start at 1). Not thread-safe: the receive
/// loop owns it.</remarks>
public sealed class ReplayWindow
{
    /// <summary>How many sequence numbers, counting the highest, the bitmap remembers.</summary>
    public const int Size = 64;

    // Bit i set = sequence (HighestSequence - i) has been accepted.
    private ulong _seen;

    /// <summary>The sender's incarnation of the last accepted heartbeat.</summary>
    public long Incarnation { get; private set; }

    /// <summary>The highest sequence accepted in <see cref="Incarnation"/>.</summary>
    public long HighestSequence { get; private set; }

    /// <summary>Whether a heartbeat with these numbers would be accepted; records nothing.</summary>
    /// <returns><see cref="HeartbeatRejection.None"/>, <see cref="HeartbeatRejection.Replayed"/> or
    /// <see cref="HeartbeatRejection.StaleIncarnation"/>.</returns>
    public HeartbeatRejection Check(long incarnation, long sequence)
    {
        if (incarnation < Incarnation)
        {
            return HeartbeatRejection.StaleIncarnation;
        }

        if (sequence < 1)
        {
            // Sequences start at 1; 0 is the "nothing seen yet" state and must never be accepted.
            return HeartbeatRejection.Replayed;
        }

        if (incarnation > Incarnation || sequence > HighestSequence)
        {
            return HeartbeatRejection.None;
        }

        // Same incarnation, at or behind the highest. Written as a subtraction that cannot
        // overflow: HighestSequence >= sequence here.
        var behind = (ulong)HighestSequence - (ulong)sequence;
        if (behind >= Size)
        {
            return HeartbeatRejection.Replayed;
        }

        return (_seen & (1UL << (int)behind)) != 0 ? HeartbeatRejection.Replayed : HeartbeatRejection.None;
    }

    /// <summary>As <see cref="Check"/>, and records the heartbeat when it is accepted. A higher
    /// incarnation (the sender restarted) starts a fresh window.</summary>
    public HeartbeatRejection Accept(long incarnation, long sequence)
    {
        var verdict = Check(incarnation, sequence);
        if (verdict != HeartbeatRejection.None)
        {
            return verdict;
        }

        if (incarnation > Incarnation)
        {
            Incarnation = incarnation;
            HighestSequence = sequence;
            _seen = 1;
        }
        else if (sequence > HighestSequence)
        {
            var ahead = (ulong)sequence - (ulong)HighestSequence;
            _seen = ahead >= Size ? 1 : (_seen << (int)ahead) | 1;
            HighestSequence = sequence;
        }
        else
        {
            _seen |= 1UL << (int)(HighestSequence - sequence);
        }

        return HeartbeatRejection.None;
    }
}
