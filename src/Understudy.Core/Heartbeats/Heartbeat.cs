namespace Understudy.Core.Heartbeats;

/// <summary>One decoded, authenticated heartbeat.</summary>
/// <param name="Kind">Who sent it: a cluster node or a guest agent inside a VM.</param>
/// <param name="Sender">The sender's name (node name, or VM name for a guest agent), at most 63 UTF-8 bytes.</param>
/// <param name="Incarnation">Grows each time the sender process starts (its start time in ms
/// since the Unix epoch), so a restarted sender is told apart from a replay of its old beats.</param>
/// <param name="Sequence">Grows by one with every datagram within an incarnation; starts at 1.</param>
/// <param name="ProcessId">The sender's OS process id, for status and failure injection.</param>
public sealed record Heartbeat(HeartbeatKind Kind, string Sender, long Incarnation, long Sequence, int ProcessId);
