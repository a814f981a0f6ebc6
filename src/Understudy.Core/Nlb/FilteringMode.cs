namespace Understudy.Core.Nlb;

/// <summary>How a port rule spreads its traffic (Windows NLB "filtering mode").</summary>
public enum FilteringMode
{
    /// <summary>Load-balanced over the started members by weight.</summary>
    Multiple,

    /// <summary>All traffic to the started member with the best handling priority.</summary>
    Single,

    /// <summary>Matching traffic is dropped.</summary>
    Disabled,
}
