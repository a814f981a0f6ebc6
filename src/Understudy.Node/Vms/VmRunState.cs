namespace Understudy.Node.Vms;

/// <summary>What a VM driver knows about one of its VMs (heartbeats are VM monitoring's business).</summary>
public enum VmRunState
{
    /// <summary>Its process runs; the guest may still be booting.</summary>
    Running,

    /// <summary>Frozen by <see cref="IVirtualMachine.Hang"/> (SIGSTOP) for failure injection.</summary>
    Hung,

    /// <summary>Waiting for an incoming live migration (QEMU only).</summary>
    Incoming,

    /// <summary>Live-migrated to another host; this instance no longer runs the guest.</summary>
    MigratedAway,

    /// <summary>Stopped cleanly by <see cref="IVirtualMachine.StopAsync"/>.</summary>
    Stopped,

    /// <summary>Killed, or its process exited on its own.</summary>
    Dead,
}
