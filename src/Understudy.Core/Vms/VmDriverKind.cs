namespace Understudy.Core.Vms;

/// <summary>Which VM driver runs a VM (the <c>driver</c> key of a VM).</summary>
public enum VmDriverKind
{
    /// <summary>QEMU where the host can run it (qemu-system-x86_64 and a built guest image), else a process VM.</summary>
    Auto,

    /// <summary>An isolated process tree on its own loopback address: works everywhere.</summary>
    Process,

    /// <summary>A real Linux guest under qemu-system-x86_64.</summary>
    Qemu,

    /// <summary>A libvirt domain the user already runs (its XML kept in the cluster database), through libvirtd.</summary>
    Libvirt,
}
