using Understudy.Node.Nlb.Steering;

namespace Understudy.Node.Nlb.Distributed;

/// <summary>What this node's distributed-mode host filter is doing, for the status document:
/// the same three states as steering's (not started, current at a version, off and why).</summary>
internal sealed class HostFilterStatus
{
    private readonly SteeringStatus _state = new();

    public (bool Enabled, string? Reason, long AppliedVersion)? Current => _state.Current;

    public void Unavailable(string reason) => _state.Unavailable(reason);

    public void Applied(long version) => _state.Applied(version);
}
