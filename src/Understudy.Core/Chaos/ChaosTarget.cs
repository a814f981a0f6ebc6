namespace Understudy.Core.Chaos;

/// <summary>Which node a fault hits, resolved when it is injected.</summary>
public enum ChaosTarget
{
    /// <summary>The node the schedule names by index.</summary>
    Node,

    /// <summary>The current owner of the failover role (the most damaging single fault).</summary>
    Owner,

    /// <summary>The current Raft leader.</summary>
    Leader,
}
