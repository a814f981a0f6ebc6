using System.Collections.Immutable;

namespace Understudy.Core.Vms;

/// <summary>One decoded, authenticated service report of a guest agent.</summary>
/// <param name="Vm">The VM's name.</param>
/// <param name="Incarnation">The agent's incarnation, as in its heartbeats.</param>
/// <param name="Sequence">Grows by one per report within an incarnation (its own counter, not the heartbeat's).</param>
/// <param name="Services">The services' states at the agent's last check.</param>
public sealed record ServiceReport(string Vm, long Incarnation, long Sequence, ImmutableArray<ServiceStatus> Services)
{
    /// <summary>Equal when every field and every service matches (arrays compare by content).</summary>
    public bool Equals(ServiceReport? other) =>
        other is not null && Vm == other.Vm && Incarnation == other.Incarnation && Sequence == other.Sequence
        && Services.SequenceEqual(other.Services);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Vm, Incarnation, Sequence, Services.Length);
}
