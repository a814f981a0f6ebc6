namespace Understudy.Core.Failover;

/// <summary>Order in which roles are placed (WSFC start priority).</summary>
public enum StartPriority
{
    /// <summary>Placed first.</summary>
    High,

    /// <summary>The default.</summary>
    Medium,

    /// <summary>Placed last.</summary>
    Low,

    /// <summary>Not started when the cluster starts or the role is defined; still fails over once started.</summary>
    NoAutoStart,
}
