using Understudy.Core.Detection;

namespace Understudy.Core.Membership;

/// <summary>What the local node knows about one peer at one instant.</summary>
/// <param name="Node">Peer name.</param>
/// <param name="Liveness">The failure detector's verdict (see <see cref="PeerLivenessRule"/>).</param>
/// <param name="Incarnation">Incarnation of the peer's most recent accepted heartbeat, or null.</param>
/// <param name="ProcessId">Process id carried by that heartbeat, or null.</param>
public sealed record PeerObservation(string Node, Liveness Liveness, long? Incarnation, int? ProcessId);
