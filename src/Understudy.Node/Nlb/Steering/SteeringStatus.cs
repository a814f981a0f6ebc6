namespace Understudy.Node.Nlb.Steering;

/// <summary>What this node's connection steering is doing, for the status document: not started
/// (the node is not listening), on with the view it last wrote, or off and why.</summary>
internal sealed class SteeringStatus
{
    private readonly Lock _lock = new();
    private (bool Started, bool Enabled, string? Reason, long AppliedVersion) _state = (false, false, null, -1);

    /// <summary>The status, or null before the node opened its listeners.</summary>
    public (bool Enabled, string? Reason, long AppliedVersion)? Current
    {
        get
        {
            lock (_lock)
            {
                return _state.Started ? (_state.Enabled, _state.Reason, _state.AppliedVersion) : null;
            }
        }
    }

    public void Unavailable(string reason)
    {
        lock (_lock)
        {
            _state = (true, false, reason, -1);
        }
    }

    /// <summary>The owners map now holds the view of database version <paramref name="version"/>.</summary>
    public void Applied(long version)
    {
        lock (_lock)
        {
            _state = (true, true, null, version);
        }
    }
}
