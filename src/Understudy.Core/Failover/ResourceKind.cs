namespace Understudy.Core.Failover;

/// <summary>The driver that brings a resource online; also its <c>type:</c> in the cluster file.</summary>
public enum ResourceKind
{
    /// <summary>A command run under a lease guard, output kept in a log file.</summary>
    Process,

    /// <summary>An HTTP GET or TCP connect check: LooksAlive often, IsAlive less often.</summary>
    Probe,

    /// <summary>A virtual IP address the role owns.</summary>
    Address,

    /// <summary>A virtual machine run by the host's VM driver and watched by VM monitoring.</summary>
    Vm,
}
